import { describe, expect, it } from "vitest";
import { deadline } from "./deadline";

describe("deadline", () => {
  it("aborts with a TimeoutError after its time", async () => {
    const { signal } = deadline(20);
    await new Promise((done) => signal.addEventListener("abort", done, { once: true }));
    expect((signal.reason as Error).name).toBe("TimeoutError");
  });

  it("aborts with the caller's signal, and not after release", async () => {
    const caller = new AbortController();
    const first = deadline(10_000, caller.signal);
    caller.abort(new Error("stopping"));
    expect((first.signal.reason as Error).message).toBe("stopping");
    const second = deadline(10, new AbortController().signal);
    second.release();
    await new Promise((done) => setTimeout(done, 40));
    expect(second.signal.aborted).toBe(false);
  });
});
