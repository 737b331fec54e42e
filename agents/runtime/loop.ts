/**
 * A self-rescheduling loop: the next run is scheduled only after the previous one settled, so runs
 * never overlap; each run is aborted when it exceeds its timeout (kept below the interval); the first
 * run is delayed by random jitter so many loops started together do not fire in lockstep.
 */
import { errorMessage } from "@/lib/error-message";

export interface LoopOptions {
  name: string;
  intervalMs: number;
  timeoutMs: number;
  /** Upper bound of the random delay before the first run. Defaults to the interval. */
  startJitterMs?: number;
  run: (signal: AbortSignal) => Promise<void>;
  /**
   * A run that holds a stream open until it ends (the VIP watcher): no timeout, and the next run
   * starts `intervalMs` after the previous one ended.
   */
  session?: boolean;
  /**
   * A triggered run starts at least this long after the previous run ended, so that a storm of
   * triggers (a cold start's state changes) does not run the loop back to back. Default 0.
   */
  triggerGapMs?: number;
  onError?: (error: unknown, loopName: string) => void;
  random?: () => number;
}

export interface LoopHandle {
  readonly name: string;
  /** Stops scheduling, aborts a run in flight and resolves once it settled. */
  stop(): Promise<void>;
  /** Runs settled so far (for tests and diagnostics). */
  runs(): number;
  /**
   * Runs as soon as possible: now if idle, else right after the run in flight (never overlapping),
   * but not sooner than `triggerGapMs` after the previous run ended unless `immediate` (a timer the
   * caller set for a moment that matters, such as an alert hold ending).
   */
  trigger(options?: TriggerOptions): void;
  /** What the loop is doing, for logs and health: a run in flight, failures in a row, the last error. */
  state(): LoopState;
}

export interface TriggerOptions {
  immediate?: boolean;
}

export interface LoopState {
  running: boolean;
  runs: number;
  /** Runs in a row that ended with an error (0 after a run that did not). */
  failures: number;
  lastError: string | null;
}

/** The loop, whose stop also ends what its runs started (per-node pollers, actions in flight) once it has stopped. */
export function withCleanup(loop: LoopHandle, cleanup: () => Promise<unknown>): LoopHandle {
  return {
    name: loop.name,
    runs: loop.runs,
    trigger: loop.trigger,
    state: loop.state,
    async stop() {
      await loop.stop();
      await cleanup();
    },
  };
}

export function startLoop(options: LoopOptions): LoopHandle {
  const { name, intervalMs, timeoutMs, run } = options;
  if (!options.session && !(timeoutMs > 0 && timeoutMs < intervalMs)) {
    throw new Error(
      `loop ${name}: timeout (${timeoutMs} ms) must be positive and shorter than the interval (${intervalMs} ms)`,
    );
  }
  const random = options.random ?? Math.random;
  const onError = options.onError ?? defaultOnError;
  const stopController = new AbortController();
  const triggerGapMs = options.triggerGapMs ?? 0;
  let timer: NodeJS.Timeout | undefined;
  let timerDueAt = 0;
  let inFlight: Promise<void> | undefined;
  let settledRuns = 0;
  let lastEndedAt = Number.NEGATIVE_INFINITY;
  /** A trigger that came during a run: the next run starts after the gap, or at once if immediate. */
  let triggered: "after-gap" | "immediate" | null = null;
  let failures = 0;
  let lastError: string | null = null;

  const schedule = (delayMs: number) => {
    if (stopController.signal.aborted) return;
    timerDueAt = Date.now() + Math.max(0, delayMs);
    timer = setTimeout(tick, Math.max(0, delayMs));
  };

  const tick = () => {
    const startedAt = Date.now();
    const runController = new AbortController();
    const deadline = options.session
      ? undefined
      : setTimeout(
          () => runController.abort(new Error(`loop ${name}: run exceeded ${timeoutMs} ms`)),
          timeoutMs,
        );
    const signal = AbortSignal.any([stopController.signal, runController.signal]);
    inFlight = Promise.resolve()
      .then(() => run(signal))
      .then(
        () => {
          failures = 0;
        },
        (error: unknown) => {
          if (stopController.signal.aborted) return;
          failures += 1;
          lastError = errorMessage(error);
          onError(error, name);
        },
      )
      .finally(() => {
        clearTimeout(deadline);
        settledRuns += 1;
        inFlight = undefined;
        lastEndedAt = Date.now();
        // Keep a steady cadence: subtract the time the run took from the wait.
        const cadence = options.session ? intervalMs : intervalMs - (lastEndedAt - startedAt);
        const wanted = triggered;
        triggered = null;
        if (wanted === "immediate") schedule(0);
        else if (wanted === "after-gap") schedule(Math.min(triggerGapMs, cadence));
        else schedule(cadence);
      });
  };

  schedule(random() * (options.startJitterMs ?? intervalMs));

  return {
    name,
    runs: () => settledRuns,
    state: () => ({ running: inFlight !== undefined, runs: settledRuns, failures, lastError }),
    trigger(triggerOptions = {}) {
      if (stopController.signal.aborted) return;
      const immediate = triggerOptions.immediate === true || triggerGapMs === 0;
      if (inFlight) {
        if (immediate) triggered = "immediate";
        else triggered ??= "after-gap";
        return;
      }
      const delay = immediate ? 0 : Math.max(0, lastEndedAt + triggerGapMs - Date.now());
      // A run already due sooner (its cadence, or an earlier trigger) is left as it is.
      if (timer && timerDueAt <= Date.now() + delay) return;
      if (timer) clearTimeout(timer);
      schedule(delay);
    },
    async stop() {
      stopController.abort(new Error(`loop ${name} stopped`));
      if (timer) clearTimeout(timer);
      await inFlight;
    },
  };
}

function defaultOnError(error: unknown, loopName: string): void {
  const message = errorMessage(error);
  console.error(`[${loopName}] ${message}`);
}
