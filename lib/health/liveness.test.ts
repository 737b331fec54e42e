import { describe, expect, it } from "vitest";
import { agentsLiveness, HEARTBEAT_STALE_AFTER_MS } from "./liveness";

const started = new Date("2026-01-01T00:00:00Z");

describe("agentsLiveness", () => {
  it("reports never-seen agents as down", () => {
    expect(agentsLiveness(null, started)).toMatchObject({ alive: false, pid: null });
  });

  it("is alive up to the stale limit and down after it", () => {
    const beatAt = new Date(started.getTime() + 10_000);
    const row = { pid: 42, startedAt: started, beatAt };
    const atLimit = new Date(beatAt.getTime() + HEARTBEAT_STALE_AFTER_MS);
    const past = new Date(atLimit.getTime() + 1);
    expect(agentsLiveness(row, atLimit)).toMatchObject({ alive: true, pid: 42, uptimeSec: 16 });
    expect(agentsLiveness(row, past).alive).toBe(false);
    expect(agentsLiveness(row, past).reason).toMatch(/no heartbeat/);
  });
});
