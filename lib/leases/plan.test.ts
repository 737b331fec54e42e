import { describe, expect, it } from "vitest";
import { Observations, planLeases, processDead, type ProcessRow } from "./plan";

const TTL = 6_000;
const plan = (processes: ProcessRow[], observations = new Observations()) =>
  planLeases({
    self: "me",
    now: 1_000,
    ttlMs: TTL,
    clusterIds: ["c1", "c2"],
    leases: [
      { clusterId: "c1", owner: "other", version: 7 },
      { clusterId: "c2", owner: "other", version: 3 },
    ],
    processes,
    held: new Map(),
    observations,
  });

describe("leases of a process gone from this host", () => {
  it("are free at the first look, and the process counts neither as live nor alive", () => {
    const gone = { id: "other", beats: 5, stopped: false, goneHere: true };
    const first = plan([gone]);
    expect(first.take.map((row) => row.clusterId)).toEqual(["c1", "c2"]);
    expect(first.live).toBe(1);
    expect(processDead(new Observations(), gone, "other", 1_000, TTL)).toBe(true);
  });

  it("while a live owner's wait the lease time", () => {
    const alive = { id: "other", beats: 5, stopped: false };
    const first = plan([alive]);
    expect(first.take).toEqual([]);
    expect(first.live).toBe(2);
    expect(processDead(new Observations(), alive, "other", 1_000, TTL)).toBe(false);
  });
});
