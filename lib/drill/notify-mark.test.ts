import { describe, expect, it } from "vitest";
import { DRILL_MARK_GRACE_MS, drillCovering, type DrillWindow } from "./notify-mark";

const t0 = Date.parse("2026-12-01T10:00:00Z");
const at = (ms: number) => new Date(t0 + ms);
const drill = (over: Partial<DrillWindow>): DrillWindow => ({
  id: 1,
  clusterId: "c1",
  mode: "partition",
  startedAt: at(0),
  finishedAt: at(30_000),
  ...over,
});

describe("drillCovering", () => {
  it("marks an incident that began while the cluster's drill ran, or within the grace after it", () => {
    expect(drillCovering([drill({})], "c1", at(5_000))).toEqual({ id: 1, kind: "partition" });
    expect(drillCovering([drill({})], "c1", at(30_000 + DRILL_MARK_GRACE_MS))).toEqual({
      id: 1,
      kind: "partition",
    });
    expect(drillCovering([drill({ finishedAt: null })], "c1", at(600_000))).toEqual({
      id: 1,
      kind: "partition",
    });
  });

  it("leaves alone incidents before the drill, after its grace, of another cluster, or of a drill never started", () => {
    expect(drillCovering([drill({})], "c1", at(-1))).toBeNull();
    expect(drillCovering([drill({})], "c1", at(30_001 + DRILL_MARK_GRACE_MS))).toBeNull();
    expect(drillCovering([drill({})], "c2", at(5_000))).toBeNull();
    expect(drillCovering([drill({ startedAt: null, finishedAt: null })], "c1", at(5_000))).toBeNull();
  });

  it("takes the later drill when one started within the grace of the previous one's end", () => {
    const drills = [drill({}), drill({ id: 2, mode: "process", startedAt: at(31_000), finishedAt: null })];
    expect(drillCovering(drills, "c1", at(32_000))).toEqual({ id: 2, kind: "process" });
  });
});
