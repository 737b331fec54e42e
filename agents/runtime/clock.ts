/** Time for work that waits (rollout steps): the real clock, or a virtual one in unit tests. */
import { setTimeout as sleep } from "node:timers/promises";

export interface Clock {
  now(): number;
  /** Waits `ms`; rejects when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) => sleep(Math.max(0, ms), undefined, { signal }),
};
