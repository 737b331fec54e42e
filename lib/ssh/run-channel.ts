/**
 * Drives one channel to its end: feeds stdin, collects stdout/stderr up to a cap, and on timeout or
 * abort closes the channel (which ends a kill-on-close wrapped remote command).
 */
import type { ClientChannel } from "ssh2";
import { onExit } from "./channel-exit";
import type { SshError } from "./errors";

export const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

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
  onStdoutChunk?: (chunk: string) => void;
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
    const collect = (sink: Buffer[], chunk: Buffer, live?: (text: string) => void) => {
      size += chunk.length;
      if (size > MAX_OUTPUT_BYTES) {
        finish(options.makeError(`output exceeded ${MAX_OUTPUT_BYTES} bytes`, "channel", partial()));
        return;
      }
      sink.push(chunk);
      live?.(chunk.toString("utf8"));
    };
    const onAbort = () => finish(options.makeError("aborted", "aborted", partial()));
    const timer = setTimeout(() => finish(options.makeError(`timed out after ${options.timeoutMs} ms`, "timeout", partial())), options.timeoutMs);
    if (options.signal?.aborted) {
      onAbort();
      return;
    }
    options.signal?.addEventListener("abort", onAbort, { once: true });
    channel.on("data", (chunk: Buffer) => collect(stdout, chunk, options.onStdoutChunk));
    channel.stderr.on("data", (chunk: Buffer) => collect(stderr, chunk));
    onExit(channel, (exit) => {
      exitCode = exit.code;
      exitSignal = exit.signal;
      // Our stdin ends here, which also lets a kill-on-close watcher on the node exit.
      channel.end();
    });
    channel.on("close", () => finish());
    channel.on("error", (cause: Error) => finish(options.makeError(`channel error: ${cause.message}`, "closed", partial())));
    if (options.stdin !== undefined) channel.end(options.stdin);
  });
}
