/**
 * What the claim workers (rollouts, drills, certificates, ACME, server actions) share: jobs run in the
 * background, one at a time per key, a failure handed to `onError` and never thrown out of the loop;
 * and the loop that runs a worker's pass, aborting and awaiting its jobs when the agents stop.
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { soloCoordination, type Coordination } from "./coordination";
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
  /** Whether a job is still running. */
  busy: () => boolean;
}

/** A worker over the database and the nodes, stopped by `signal`, acting on what `coordination` lets this process own. */
export type JobWorker = (
  db: Database,
  pool: SshPool,
  signal: AbortSignal,
  coordination?: Coordination,
) => ClaimWorker;

/** Starts every job `next` claims, until it claims none. */
export async function claimEach<T>(next: () => Promise<T | null>, start: (job: T) => void): Promise<void> {
  for (let claimed = await next(); claimed; claimed = await next()) start(claimed);
}

/** The agents' service for `worker`: its claim loop, for one process alone unless given its coordination. */
export function claimService(name: string, intervalMs: number, worker: JobWorker) {
  return (db: Database, pool: SshPool, coordination: Coordination = soloCoordination()): LoopHandle =>
    startClaimLoop(name, intervalMs, (signal) => worker(db, pool, signal, coordination));
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
