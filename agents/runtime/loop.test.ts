import { afterEach, describe, expect, it, vi } from "vitest";
import { startLoop, type LoopOptions } from "./loop";

afterEach(() => vi.useRealTimers());

/** A loop every 100 ms from the start (no jitter), cut at `timeoutMs`. */
const every100ms = (timeoutMs: number, options: Pick<LoopOptions, "name" | "run" | "onError">) =>
  startLoop({ intervalMs: 100, timeoutMs, startJitterMs: 0, ...options });

/** A run that takes `ms` (of the fake clock), with hooks at its start and end. */
const taking =
  (ms: number, atStart: () => void, atEnd: () => void = () => {}) =>
  async () => {
    atStart();
    await new Promise((resolve) => setTimeout(resolve, ms));
    atEnd();
  };

describe("startLoop", () => {
  it("refuses a timeout that is not shorter than the interval", () => {
    expect(() => startLoop({ name: "x", intervalMs: 100, timeoutMs: 100, run: async () => {} })).toThrow(
      /shorter/,
    );
  });

  it("never overlaps runs, even when a run is slower than the interval", async () => {
    vi.useFakeTimers();
    let active = 0;
    let maxActive = 0;
    const loop = every100ms(90, {
      name: "slow",
      // Ignores its timeout for a while (a slow node), then settles.
      run: taking(
        150,
        () => {
          active += 1;
          maxActive = Math.max(maxActive, active);
        },
        () => {
          active -= 1;
        },
      ),
    });
    await vi.advanceTimersByTimeAsync(1_000);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(150);
    await stopped;
    expect(maxActive).toBe(1);
    expect(loop.runs()).toBeGreaterThanOrEqual(5);
  });

  it("aborts a run that exceeds its timeout and keeps going", async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let aborted = 0;
    const loop = every100ms(50, {
      name: "hang",
      onError: (error) => errors.push(error),
      run: (signal) =>
        new Promise<void>((_, reject) => {
          signal.addEventListener("abort", () => {
            aborted += 1;
            reject(signal.reason);
          });
        }),
    });
    // Runs start at 0, 100, 200, 300 and time out at +50; the run started at 400 is stopped.
    await vi.advanceTimersByTimeAsync(420);
    await loop.stop();
    expect(aborted).toBe(5);
    expect(errors.length).toBe(4); // the abort caused by stop() is not an error
  });

  it("delays the first run by jitter", async () => {
    vi.useFakeTimers();
    const run = vi.fn(async () => {});
    const loop = startLoop({ name: "j", intervalMs: 1_000, timeoutMs: 500, random: () => 0.5, run });
    await vi.advanceTimersByTimeAsync(499);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(2);
    expect(run).toHaveBeenCalledTimes(1);
    await loop.stop();
  });
});

/** A loop every 1 s from the start whose runs take 100 ms; `starts` collects their start times. */
const everySecond = (starts: number[], triggerGapMs?: number) =>
  startLoop({
    name: "t",
    intervalMs: 1_000,
    timeoutMs: 500,
    startJitterMs: 0,
    triggerGapMs,
    run: taking(100, () => starts.push(Date.now())),
  });

describe("startLoop trigger", () => {
  it("runs at once when idle and right after the current run when busy", async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    const loop = everySecond(starts);
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(200); // first run done at 100, next due at 1000
    loop.trigger();
    await vi.advanceTimersByTimeAsync(1);
    expect(starts.length).toBe(2);
    loop.trigger(); // busy: queued
    await vi.advanceTimersByTimeAsync(150);
    const offsets = starts.map((s) => s - t0);
    expect(offsets.slice(0, 2)).toEqual([0, 200]);
    expect(offsets[2]).toBeGreaterThanOrEqual(300);
    expect(offsets[2]).toBeLessThan(310);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(200);
    await stopped;
  });

  it("with a gap, starts a triggered run no sooner than the gap after the last run ended, unless immediate", async () => {
    vi.useFakeTimers();
    const starts: number[] = [];
    const loop = everySecond(starts, 250);
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(150); // first run: 0-100
    for (let i = 0; i < 10; i++) loop.trigger(); // a storm while idle: one run, at 100 + 250
    await vi.advanceTimersByTimeAsync(250);
    loop.trigger(); // at 400, busy (350-450): at its end + 250
    await vi.advanceTimersByTimeAsync(400);
    loop.trigger({ immediate: true }); // at 800, as that run ends: at once all the same
    await vi.advanceTimersByTimeAsync(1);
    expect(starts.map((s) => s - t0)).toEqual([0, 350, 700, 800]);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(200);
    await stopped;
  });
});
