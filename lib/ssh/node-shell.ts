/**
 * What probes need from a node, bound to one node: run a command, talk to a unix socket, follow a
 * command's output. The pool hands one out per node (`SshPool.shell`); its users never see SSH details.
 */
export interface ExecOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A channel kept open for many request/answer exchanges, one at a time. */
export interface Conversation {
  readonly closed: boolean;
  /** Writes `request` and resolves with what arrives until `isComplete` says the answer is whole. */
  ask(
    request: string,
    isComplete: (answer: string) => boolean,
    options: { signal?: AbortSignal; timeoutMs: number },
  ): Promise<string>;
  close(): void;
}

/** Who a conversation is with: a command reading requests on stdin, or a unix socket on the node. */
export type ConversationPeer = { argv: string[] } | { socketPath: string };

export interface NodeShell {
  readonly nodeName: string;
  exec(
    argv: string[],
    options: { signal?: AbortSignal; timeoutMs?: number; allowExitCodes?: number[] },
  ): Promise<ExecOutput>;
  /** Sends one command line to a unix socket on the node and returns the whole answer. */
  socket(
    socketPath: string,
    command: string,
    options: { signal?: AbortSignal; timeoutMs?: number },
  ): Promise<string>;
  /** Runs a long-lived command, calling onLine per output line, until it ends or the signal aborts. */
  follow(argv: string[], options: { signal: AbortSignal; onLine: (line: string) => void }): Promise<void>;
  /** Opens a conversation; it holds one of the node's channel slots until closed. */
  converse(peer: ConversationPeer, options: { signal?: AbortSignal }): Promise<Conversation>;
}
