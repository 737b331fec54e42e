/**
 * What the claim workers (rollouts, drills, certificates, ACME, server actions) share: jobs run in the
 * background, one at a time per key, a failure handed to `onError` and never thrown out of the loop;
 * and the loop that runs a worker's pass, aborting and awaiting its jobs when the agents stop.
 */
import { startLoop, withCleanup, type LoopHandle } from "./loop";

export function backgroundJobs<K>(onError: (key: K, error: unknown) => Promise<void> | void) {
  const inFlight = new Map<K, Promise<unknown>>();
  return {
    /** Starts `work` unless a job with this key is still running. */
    track(key: K, work: () => Promise<unknown>): void {
      if (inFlight.has(key)) return;
      const promise = work()
        .catch((error: unknown) => onError(key, error))
        .finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
    },
    idle: () => Promise.allSettled([...inFlight.values()]),
    busy: () => inFlight.size > 0,
  };
}

export interface ClaimWorker {
  pass: () => Promise<void>;
  idle: () => Promise<unknown>;
}

/** A pass every `intervalMs` (timeout 50 ms shorter, no start jitter); stopping aborts the worker's signal and awaits its jobs. */
export function startClaimLoop(
  name: string,
  intervalMs: number,
  worker: (signal: AbortSignal) => ClaimWorker,
): LoopHandle {
  const stopping = new AbortController();
  const running = worker(stopping.signal);
  const loop = startLoop({
    name,
    intervalMs,
    timeoutMs: intervalMs - 50,
    startJitterMs: 0,
    run: running.pass,
  });
  return withCleanup(loop, async () => {
    stopping.abort(new Error("agents stopping"));
    await running.idle();
  });
}
