/**
 * Drives one channel to its end: feeds stdin, collects stdout/stderr up to a byte cap, and on timeout,
 * abort or too much output closes the channel (which ends a kill-on-close wrapped remote command).
 */
import { StringDecoder } from "node:string_decoder";
import type { ClientChannel } from "ssh2";
import { onExit } from "./channel-exit";
import type { SshError } from "./errors";

export interface ChannelResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
}

export interface ChannelRunOptions {
  stdin?: string | Buffer;
  signal?: AbortSignal;
  timeoutMs: number;
  /** Stdout and stderr together may not exceed this; past it the call fails with "too-large". */
  maxBytes: number;
  /**
   * Stdout is handed over as it arrives and not kept (a long-lived command); only stderr counts
   * towards maxBytes then. The callback bounds what it holds itself: a message it returns ends the
   * channel with a "too-large" error.
   */
  onStdoutChunk?: (chunk: string) => string | undefined;
  makeError: (message: string, kind: SshError["kind"], partial: ChannelResult) => SshError;
}

export function runChannel(channel: ClientChannel, options: ChannelRunOptions): Promise<ChannelResult> {
  return new Promise((resolve, reject) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let exitCode: number | null = null;
    let exitSignal: string | null = null;
    let done = false;
    const partial = (): ChannelResult => ({
      stdout: Buffer.concat(stdout).toString("utf8"),
      stderr: Buffer.concat(stderr).toString("utf8"),
      exitCode,
      signal: exitSignal,
    });
    const finish = (error?: SshError) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      if (error) {
        channel.close();
        reject(error);
      } else {
        resolve(partial());
      }
    };
    const collect = (sink: Buffer[], chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > options.maxBytes) {
        finish(
          options.makeError(
            `output exceeded ${options.maxBytes} bytes; the channel was closed`,
            "too-large",
            partial(),
          ),
        );
        return;
      }
      sink.push(chunk);
    };
    const live = options.onStdoutChunk;
    const decoder = new StringDecoder("utf8"); // a character split across two chunks stays whole
    const onStdout = live
      ? (chunk: Buffer) => {
          if (done) return;
          const refused = live(decoder.write(chunk));
          if (refused !== undefined)
            finish(options.makeError(`${refused}; the channel was closed`, "too-large", partial()));
        }
      : (chunk: Buffer) => collect(stdout, chunk);
    const onAbort = () => finish(options.makeError("aborted", "aborted", partial()));
    const timer = setTimeout(
      () => finish(options.makeError(`timed out after ${options.timeoutMs} ms`, "timeout", partial())),
      options.timeoutMs,
    );
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener("abort", onAbort, { once: true });
    channel.on("data", onStdout);
    channel.stderr.on("data", (chunk: Buffer) => collect(stderr, chunk));
    onExit(channel, (exit) => {
      exitCode = exit.code;
      exitSignal = exit.signal;
      // Our stdin ends here, which also lets a kill-on-close watcher on the node exit.
      channel.end();
    });
    channel.on("close", () => finish());
    channel.on("error", (cause: Error) =>
      finish(options.makeError(`channel error: ${cause.message}`, "closed", partial())),
    );
    if (options.stdin !== undefined) channel.end(options.stdin);
  });
}
