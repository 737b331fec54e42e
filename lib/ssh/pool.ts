/**
 * The SSH entry point of hapair: one pooled connection per node, a per-node concurrency limit below
 * OpenSSH's MaxSessions, a timeout and AbortSignal on every call, commands only from argument lists.
 */
import { dirname, posix } from "node:path";
import type { Conversation, ConversationPeer, NodeShell } from "./node-shell";
import { Semaphore } from "./semaphore";
import { NodeConnection, type ConnectionOptions } from "./connection";
import { isSshError, SshError } from "./errors";
import { commandLine, killOnCloseCommandLine, socatArgv, withSudo } from "./quote";
import { ChannelConversation } from "./conversation";
import { runChannel, type ChannelResult } from "./run-channel";
import { LineReader } from "./line-reader";
import { MAX_EXEC_OUTPUT_BYTES, MAX_FILE_BYTES, MAX_SOCKET_ANSWER_BYTES } from "./limits";
import { FileTooLarge, readBounded } from "./sftp-read";
import { targetIdentity, type SshTarget } from "./target";
import { deadline } from "@/lib/deadline";
import { errorMessage } from "@/lib/error-message";

export interface ExecOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Sent to the command's stdin (the command then is not kill-on-close wrapped: it ends at EOF). */
  stdin?: string | Buffer;
  /** Exit codes that count as success (default [0]). */
  allowExitCodes?: number[];
  /** Stdout and stderr together, at most (default MAX_EXEC_OUTPUT_BYTES); past it: SshError "too-large". */
  maxOutputBytes?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface SshPool {
  exec(target: SshTarget, argv: string[], options?: ExecOptions): Promise<ExecResult>;
  follow(
    target: SshTarget,
    argv: string[],
    options: { signal: AbortSignal; onLine: (line: string) => void },
  ): Promise<void>;
  socket(
    target: SshTarget,
    socketPath: string,
    command: string,
    /** `shownAs`: what errors show instead of the command (one carrying a payload such as a private key). */
    options?: { signal?: AbortSignal; timeoutMs?: number; shownAs?: string },
  ): Promise<string>;
  /** Both give up after `timeoutMs` (default DEFAULT_EXEC_TIMEOUT_MS): SFTP itself never times out. */
  writeFileAtomic(
    target: SshTarget,
    path: string,
    data: string | Buffer,
    options?: { mode?: number; signal?: AbortSignal; timeoutMs?: number },
  ): Promise<void>;
  /** At most `maxBytes` (default MAX_FILE_BYTES), else SshError "too-large"; null when the file does not exist. */
  readFile(
    target: SshTarget,
    path: string,
    options?: { signal?: AbortSignal; timeoutMs?: number; maxBytes?: number },
  ): Promise<Buffer | null>;
  /** A channel kept open for many request/answer exchanges (see conversation.ts). */
  converse(
    target: SshTarget,
    peer: ConversationPeer,
    options?: { signal?: AbortSignal },
  ): Promise<Conversation>;
  /** The probes' view of one node. */
  shell(target: SshTarget, nodeName: string): NodeShell;
  close(nodeId: string): void;
  closeAll(): void;
}

export const DEFAULT_EXEC_TIMEOUT_MS = 10_000;
/** A timeout this long means none (follow() runs until its signal ends it). */
const UNBOUNDED_MS = 2 ** 31 - 1;

/** A command as error messages show it: each argument's first line, cut short (probe scripts are long). */
export function shortCommand(argv: readonly string[]): string {
  const line = commandLine(
    argv.map((arg) => (arg.includes("\n") ? `${arg.slice(0, arg.indexOf("\n"))}…` : arg)),
  );
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/** OpenSSH's default MaxSessions: channels beyond it are refused, so the pool stays below. */
export const OPENSSH_MAX_SESSIONS = 10;

export const DEFAULT_CONNECTION_OPTIONS: ConnectionOptions = {
  readyTimeoutMs: 8_000,
  // A frozen or cut-off node's connection is dropped after about interval × (countMax + 1) = 30 s, then
  // re-made. Polls notice such a node much sooner, by their own timeouts. ssh2 pings on a timer even
  // while data flows, and each ping costs a wake-up and two packets: at 2 s this was most of a poll's CPU.
  keepaliveIntervalMs: 10_000,
  keepaliveCountMax: 2,
  // The poller keeps two channels open (ip monitor, the facts loop; four where the sockets are read over
  // forwarding). sshd counts a closed channel until its command has exited, so this keeps a margin.
  perNodeConcurrency: 6,
  maxHandshakes: 16,
  // A refused or reset connect (a node restarting) is retried at least every second: below the 2 s
  // poll interval, so the node is polled on the first poll after its sshd answers.
  backoff: { baseMs: 1_000, maxMs: 30_000, cheapMaxMs: 1_000 },
};

/**
 * The name (no folder) an atomic write's temporary file starts with, beside `path`: a process killed
 * mid-write leaves it behind, and whoever recovers that write removes it.
 */
export const atomicTempPrefix = (path: string) => `.${posix.basename(path)}.hapair-`;

export function createSshPool(overrides: Partial<ConnectionOptions> = {}): SshPool {
  const options: ConnectionOptions = { ...DEFAULT_CONNECTION_OPTIONS, ...overrides };
  if (options.perNodeConcurrency >= OPENSSH_MAX_SESSIONS) {
    throw new Error(
      `perNodeConcurrency ${options.perNodeConcurrency} must stay below OpenSSH's MaxSessions (${OPENSSH_MAX_SESSIONS})`,
    );
  }
  const connections = new Map<string, NodeConnection>();
  const handshakes = new Semaphore(options.maxHandshakes);

  const connectionFor = (target: SshTarget): NodeConnection => {
    const existing = connections.get(target.id);
    if (existing && existing.identity === targetIdentity(target)) return existing;
    existing?.close();
    const created = new NodeConnection(target, options, handshakes);
    connections.set(target.id, created);
    return created;
  };

  /** Holds one of the node's channel slots for the duration of `work`. */
  const withSlot = async <T>(
    target: SshTarget,
    signal: AbortSignal | undefined,
    work: (c: NodeConnection) => Promise<T>,
  ): Promise<T> => {
    const connection = connectionFor(target);
    const release = await connection.slots.acquire(signal).catch(() => {
      throw connection.error("aborted while waiting for a channel slot", "aborted");
    });
    try {
      return await work(connection);
    } finally {
      release();
    }
  };

  /**
   * Runs `work` under one deadline for the whole call: waiting for a slot, connecting and opening the
   * channel too, not only the command (a node that vanished mid-connection held an exec 27 s past a 3 s
   * timeout before). A deadline that ends it before the command started is a "timeout", not an abort.
   */
  const withinTimeout = async <T>(
    target: SshTarget,
    shown: string,
    timeoutMs: number,
    callerSignal: AbortSignal | undefined,
    work: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T> => {
    if (timeoutMs >= UNBOUNDED_MS) return work(callerSignal);
    // A held timer (lib/deadline.ts), not AbortSignal.timeout, which can be collected before it fires.
    const bound = deadline(timeoutMs, callerSignal);
    try {
      return await work(bound.signal);
    } catch (error) {
      if (bound.signal.aborted && !callerSignal?.aborted && isSshError(error) && error.kind === "aborted") {
        throw connectionFor(target).error(
          `${shown}: timed out after ${timeoutMs} ms before it started (${error.message})`,
          "timeout",
          { command: shown, cause: error },
        );
      }
      throw error;
    } finally {
      bound.release();
    }
  };

  const runCommand = (
    target: SshTarget,
    argv: string[],
    options: ExecOptions,
    onStdoutChunk?: (chunk: string) => string | undefined,
  ) => {
    const full = withSudo(argv, target.useSudo ?? false);
    const line = options.stdin === undefined ? killOnCloseCommandLine(full) : commandLine(full);
    const shown = shortCommand(full);
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    return withinTimeout(target, shown, timeoutMs, options.signal, (signal) =>
      withSlot(target, signal, async (connection) => {
        const channel = await connection.openExec(line, signal);
        return runChannel(channel, {
          stdin: options.stdin,
          signal: options.signal,
          timeoutMs,
          maxBytes: options.maxOutputBytes ?? MAX_EXEC_OUTPUT_BYTES,
          onStdoutChunk,
          makeError: (message, kind, partial) =>
            connection.error(`${shown}: ${message}`, kind, { command: shown, ...partial }),
        }).then((result) => ({ result, shown, connection }));
      }),
    );
  };

  const exec: SshPool["exec"] = async (target, argv, execOptions = {}) => {
    const { result, shown, connection } = await runCommand(target, argv, execOptions);
    const allowed = execOptions.allowExitCodes ?? [0];
    if (result.exitCode === null || !allowed.includes(result.exitCode)) {
      const why =
        result.exitCode === null
          ? `ended without exit status${result.signal ? ` (signal ${result.signal})` : ""}`
          : `exited with ${result.exitCode}`;
      throw connection.error(
        `${shown}: ${why}${result.stderr ? `: ${result.stderr.trim().slice(0, 500)}` : ""}`,
        result.exitCode === null ? "closed" : "exit",
        {
          command: shown,
          exitCode: result.exitCode,
          stdout: result.stdout,
          stderr: result.stderr,
        },
      );
    }
    return { stdout: result.stdout, stderr: result.stderr, exitCode: result.exitCode };
  };

  /** Lines as they come, bounded per line and per time window (line-reader.ts); a flood ends it with "too-large". */
  const follow: SshPool["follow"] = async (target, argv, { signal, onLine }) => {
    const lines = new LineReader(onLine);
    try {
      await runCommand(target, argv, { signal, timeoutMs: UNBOUNDED_MS }, (chunk) => lines.push(chunk));
    } catch (error) {
      if (!(error instanceof SshError && error.kind === "aborted")) throw error;
    }
  };

  /**
   * A channel to a unix socket on the node: stream-local forwarding, or socat on the node when the
   * target asks for it or its sshd refuses forwarding (remembered per connection).
   */
  const openSocketChannel = async (
    connection: NodeConnection,
    socketPath: string,
    signal: AbortSignal | undefined,
  ) => {
    const mode = connection.target.runtimeApi ?? "auto";
    if (mode !== "socat" && connection.streamLocalForwarding !== "refused") {
      try {
        const channel = await connection.openStreamLocal(socketPath, signal);
        connection.streamLocalForwarding = "works";
        return { channel, viaSocat: false };
      } catch (error) {
        // "administratively prohibited" means forwarding is off on this sshd: use socat from then on.
        const refused =
          error instanceof SshError && error.kind === "channel" && /prohibited/i.test(error.message);
        if (!refused || mode === "forward") throw error;
        connection.streamLocalForwarding = "refused";
      }
    }
    const channel = await connection.openExec(
      commandLine(socatArgv(socketPath, connection.target.useSudo ?? false)),
      signal,
    );
    return { channel, viaSocat: true };
  };

  const socket: SshPool["socket"] = (target, socketPath, command, socketOptions = {}) => {
    const timeoutMs = socketOptions.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    const shown = socketOptions.shownAs ?? command;
    return withinTimeout(target, `${socketPath} "${shown}"`, timeoutMs, socketOptions.signal, (signal) =>
      withSlot(target, signal, async (connection) => {
        const makeError = (message: string, kind: SshError["kind"], partial: ChannelResult) =>
          connection.error(`${socketPath} "${shown}": ${message}`, kind, { command: shown, ...partial });
        const { channel, viaSocat } = await openSocketChannel(connection, socketPath, signal);
        const result = await runChannel(channel, {
          stdin: `${command}\n`,
          signal: socketOptions.signal,
          timeoutMs,
          maxBytes: MAX_SOCKET_ANSWER_BYTES,
          makeError,
        });
        if (viaSocat && result.exitCode !== 0)
          throw makeError(`socat exited with ${result.exitCode}: ${result.stderr.trim()}`, "exit", result);
        return result.stdout;
      }),
    );
  };

  const converse: SshPool["converse"] = async (target, peer, converseOptions = {}) => {
    const connection = connectionFor(target);
    const release = await connection.slots.acquire(converseOptions.signal).catch(() => {
      throw connection.error("aborted while waiting for a channel slot", "aborted");
    });
    const shown =
      "socketPath" in peer ? peer.socketPath : shortCommand(withSudo(peer.argv, target.useSudo ?? false));
    try {
      // A conversation's command reads its requests on stdin and ends at EOF, so no kill-on-close wrapper.
      const channel =
        "socketPath" in peer
          ? (await openSocketChannel(connection, peer.socketPath, converseOptions.signal)).channel
          : await connection.openExec(
              commandLine(withSudo(peer.argv, target.useSudo ?? false)),
              converseOptions.signal,
            );
      return new ChannelConversation(
        channel,
        (message, kind) => connection.error(`${shown}: ${message}`, kind, { command: shown }),
        release,
      );
    } catch (error) {
      release();
      throw error;
    }
  };

  /** SFTP calls have no timeout of their own: a transfer stalled on a dead link gives up at the deadline. */
  const fileDeadline = (options: { signal?: AbortSignal; timeoutMs?: number }) =>
    deadline(options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS, options.signal);
  const sftpStep = <T>(
    connection: NodeConnection,
    what: string,
    signal: AbortSignal,
    call: (done: (error: Error | null | undefined, value: T) => void) => void,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        const timedOut = signal.reason instanceof Error && signal.reason.name === "TimeoutError";
        reject(
          connection.error(
            `${what}: ${timedOut ? "timed out" : "aborted"}`,
            timedOut ? "timeout" : "aborted",
          ),
        );
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener("abort", onAbort, { once: true });
      call((error, value) => {
        signal.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve(value);
      });
    });

  const writeFileAtomic: SshPool["writeFileAtomic"] = (target, path, data, writeOptions = {}) => {
    const { signal, release } = fileDeadline(writeOptions);
    return withSlot(target, signal, async (connection) => {
      const sftp = await connection.openSftp(signal);
      // The temporary file sits beside the target so the rename is atomic on the same filesystem.
      const temp = posix.join(dirname(path), `${atomicTempPrefix(path)}${process.pid}-${Date.now()}`);
      try {
        await sftpStep<void>(connection, `writing ${path}`, signal, (done) =>
          sftp.writeFile(temp, data, { mode: writeOptions.mode ?? 0o644 }, (error) => done(error, undefined)),
        );
        await sftpStep<void>(connection, `renaming into ${path}`, signal, (done) =>
          sftp.ext_openssh_rename(temp, path, (error) => done(error, undefined)),
        );
      } catch (cause) {
        if (isSshError(cause)) throw cause; // timed out or aborted: the link may be dead, so no clean-up is tried
        await new Promise<void>((resolve) => sftp.unlink(temp, () => resolve()));
        throw connection.error(`cannot write ${path}: ${errorMessage(cause)}`, "channel", { cause });
      } finally {
        sftp.end();
      }
    }).finally(release);
  };

  const readFile: SshPool["readFile"] = (target, path, readOptions = {}) => {
    const { signal, release } = fileDeadline(readOptions);
    return withSlot(target, signal, async (connection) => {
      const sftp = await connection.openSftp(signal);
      try {
        return await readBounded(sftp, path, readOptions.maxBytes ?? MAX_FILE_BYTES, (what, call) =>
          sftpStep(connection, what, signal, call),
        );
      } catch (cause) {
        if (isSshError(cause)) throw cause;
        if (cause instanceof FileTooLarge)
          throw connection.error(`${cause.message}; the read was stopped`, "too-large", { cause });
        throw connection.error(`cannot read ${path}: ${errorMessage(cause)}`, "channel", { cause });
      } finally {
        sftp.end(); // also what stops a read still in flight after a timeout or abort
      }
    }).finally(release);
  };

  return {
    exec,
    follow,
    socket,
    writeFileAtomic,
    readFile,
    converse,
    shell: (target, nodeName) => ({
      nodeName,
      exec: (argv, o) => exec(target, argv, o),
      socket: (path, command, o) => socket(target, path, command, o),
      follow: (argv, o) => follow(target, argv, o),
      converse: (peer, o) => converse(target, peer, o),
    }),
    close(nodeId) {
      connections.get(nodeId)?.close();
      connections.delete(nodeId);
    },
    closeAll() {
      for (const connection of connections.values()) connection.close();
      connections.clear();
    },
  };
}
