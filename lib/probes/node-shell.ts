/**
 * What probes need from a node, bound to one node: run a command, talk to a unix socket, follow a
 * command's output. Implemented over `lib/ssh`; probes never see SSH details.
 */
export interface ExecOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface NodeShell {
  readonly nodeName: string;
  exec(argv: string[], options: { signal?: AbortSignal; timeoutMs?: number; allowExitCodes?: number[] }): Promise<ExecOutput>;
  /** Sends one command line to a unix socket on the node and returns the whole answer. */
  socket(socketPath: string, command: string, options: { signal?: AbortSignal; timeoutMs?: number }): Promise<string>;
  /** Runs a long-lived command, calling onLine per output line, until it ends or the signal aborts. */
  follow(argv: string[], options: { signal: AbortSignal; onLine: (line: string) => void }): Promise<void>;
}

/** Where things live on a node: Debian defaults, overridable per cluster. */
export interface ProbeSpec {
  vips: string[];
  haproxyConfigPath: string;
  keepalivedConfigPath: string;
  haproxyPidFile: string;
  adminSocket: string;
  masterSocket: string;
  keepalivedStateFile: string;
  certificatePaths: string[];
}
