import { afterEach, describe, expect, it, vi } from "vitest";
import { startLoop } from "./loop";

afterEach(() => vi.useRealTimers());

describe("startLoop", () => {
  it("refuses a timeout that is not shorter than the interval", () => {
    expect(() => startLoop({ name: "x", intervalMs: 100, timeoutMs: 100, run: async () => {} })).toThrow(/shorter/);
  });

  it("never overlaps runs, even when a run is slower than the interval", async () => {
    vi.useFakeTimers();
    let active = 0;
    let maxActive = 0;
    const loop = startLoop({
      name: "slow",
      intervalMs: 100,
      timeoutMs: 90,
      startJitterMs: 0,
      // Ignores its timeout for a while (a slow node), then settles.
      run: async () => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 150));
        active -= 1;
      },
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
    const loop = startLoop({
      name: "hang",
      intervalMs: 100,
      timeoutMs: 50,
      startJitterMs: 0,
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
