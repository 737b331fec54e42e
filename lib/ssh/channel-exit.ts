/**
 * A channel's exit status, kept from the moment ssh2 hands the channel over. ssh2 parses every packet
 * of one socket read synchronously and emits "exit" once, so a quick command's exit-status that
 * arrives in the same read as the exec's success reply fires before a listener attached after an
 * `await` exists: the command then seemed to end "without exit status" (seen under load in rollouts).
 */
import type { ClientChannel } from "ssh2";

export interface ChannelExit {
  code: number | null;
  signal: string | null;
}

const seen = new WeakMap<ClientChannel, ChannelExit>();

/** Call synchronously inside ssh2's open callback, before anything awaits. */
export function recordExit(channel: ClientChannel): void {
  channel.once("exit", (code: number | null, signalName?: string) => {
    seen.set(channel, { code, signal: signalName ?? null });
  });
}

/** Calls `listener` with the exit status, at once when it came before this was called. */
export function onExit(channel: ClientChannel, listener: (exit: ChannelExit) => void): void {
  const early = seen.get(channel);
  if (early) {
    listener(early);
    return;
  }
  channel.once("exit", (code: number | null, signalName?: string) =>
    listener({ code, signal: signalName ?? null }),
  );
}
