import { describe, expect, it } from "vitest";
import { createStreamSlots } from "./live-stream-slots";

describe("live stream slots", () => {
  it("counts per session and in total; a release is idempotent", () => {
    const slots = createStreamSlots({ perSession: 2, total: 3 });
    const a1 = slots.acquire("a");
    expect(slots.acquire("a")).not.toBeNull();
    expect(slots.acquire("a")).toBeNull();
    expect(slots.acquire("b")).not.toBeNull();
    expect(slots.acquire("c")).toBeNull();
    a1?.();
    a1?.();
    expect(slots.open()).toBe(2);
    expect(slots.acquire("c")).not.toBeNull();
    expect(slots.acquire("c")).toBeNull();
  });
});
