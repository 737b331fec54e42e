import { describe, expect, it } from "vitest";
import {
  capConditions,
  MAX_OPEN_INCIDENTS_PER_CLUSTER,
  nextFireAt,
  stepIncidents,
  type OpenIncident,
} from "./engine";
import type { Condition } from "./types";

const condition = (holdMs: number, key = "k"): Condition => ({
  rule: "ha-degraded",
  key,
  severity: "warning",
  summary: "s",
  holdMs,
  evidence: {},
});
const pending = (since: number, key = "k"): OpenIncident => ({
  id: 1,
  rule: "ha-degraded",
  key,
  state: "pending",
  since,
});

describe("stepIncidents", () => {
  it("opens a pending incident for a new condition, or a firing one when it has no hold", () => {
    expect(stepIncidents([], [condition(2_000)], 0)).toEqual([
      { kind: "open", condition: condition(2_000), firing: false },
    ]);
    expect(stepIncidents([], [condition(0)], 0)).toEqual([
      { kind: "open", condition: condition(0), firing: true },
    ]);
  });

  it("fires exactly when the hold time has passed", () => {
    expect(stepIncidents([pending(1_000)], [condition(2_000)], 2_999)).toEqual([]);
    expect(stepIncidents([pending(1_000)], [condition(2_000)], 3_000)).toEqual([
      { kind: "fire", id: 1, condition: condition(2_000) },
    ]);
  });

  it("does nothing more while a firing incident's condition lasts: one page per incident", () => {
    expect(stepIncidents([{ ...pending(0), state: "firing" }], [condition(2_000)], 60_000)).toEqual([]);
  });

  it("brings a firing split-brain's summary up to date once its cause is known, without firing again", () => {
    const split = {
      ...condition(2_000),
      rule: "split-brain" as const,
      summary: "VIP held by both: lb-02 does not hear lb-01",
    };
    const firing = {
      ...pending(0),
      rule: "split-brain" as const,
      state: "firing" as const,
      summary: "VIP held by both",
    };
    expect(stepIncidents([firing], [split], 60_000)).toEqual([{ kind: "update", id: 1, condition: split }]);
    expect(stepIncidents([{ ...firing, summary: split.summary }], [split], 60_000)).toEqual([]);
    // other rules' summaries stay as they fired
    expect(
      stepIncidents([{ ...pending(0), state: "firing", summary: "old" }], [condition(2_000)], 60_000),
    ).toEqual([]);
  });

  it("resolves a firing incident and discards a pending one when the condition clears", () => {
    expect(stepIncidents([{ ...pending(0), state: "firing" }], [], 5_000)).toEqual([
      { kind: "resolve", id: 1 },
    ]);
    expect(stepIncidents([pending(0)], [], 1_000)).toEqual([{ kind: "discard", id: 1 }]);
  });

  it("keeps incidents of one rule apart by key", () => {
    const transitions = stepIncidents(
      [pending(0, "a")],
      [condition(1_000, "a"), condition(1_000, "b")],
      1_000,
    );
    expect(transitions.map((t) => t.kind)).toEqual(["fire", "open"]);
  });
});

describe("nextFireAt", () => {
  it("is the earliest end of hold among pending and newly seen conditions", () => {
    expect(nextFireAt([pending(1_000, "a")], [condition(2_000, "a"), condition(5_000, "b")], 1_500)).toBe(
      3_000,
    );
    expect(nextFireAt([], [condition(2_000, "b")], 1_500)).toBe(3_500);
  });

  it("ignores firing incidents and conditions without hold", () => {
    expect(
      nextFireAt([{ ...pending(0), state: "firing" }], [condition(2_000), condition(0, "z")], 100),
    ).toBeNull();
  });
});

describe("capConditions", () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      ...condition(10_000, `be_${i}`),
      rule: "backends" as const,
      severity: i % 2 ? ("warning" as const) : ("critical" as const),
    }));
  const splitBrain: Condition = {
    rule: "split-brain",
    key: "split-brain",
    severity: "critical",
    summary: "VIP held by both",
    holdMs: 2_000,
    evidence: {},
  };

  it("passes up to the cap through unchanged", () => {
    const conditions = many(MAX_OPEN_INCIDENTS_PER_CLUSTER);
    expect(capConditions(conditions, [])).toBe(conditions);
  });

  it("keeps the cap minus one, page-first rules first, and one too-many-conditions incident for the rest", () => {
    const capped = capConditions([...many(1_000), splitBrain], []);
    expect(capped).toHaveLength(MAX_OPEN_INCIDENTS_PER_CLUSTER);
    expect(capped[0]).toBe(splitBrain);
    expect(capped.slice(1, -1).every((c) => c.severity === "critical")).toBe(true);
    expect(capped.at(-1)).toMatchObject({
      rule: "too-many-conditions",
      key: "too-many-conditions",
      severity: "critical",
      holdMs: 10_000,
      evidence: { total: 1_001, tracked: 49, untracked: 952 },
    });
    expect((capped.at(-1)?.evidence.examples as string[]).length).toBe(20);
  });

  it("keeps what is already open ahead of new conditions, so the kept set does not churn", () => {
    const conditions = many(200);
    const open: OpenIncident[] = [{ id: 7, rule: "backends", key: "be_199", state: "firing", since: 0 }];
    expect(capConditions(conditions, open).map((c) => c.key)).toContain("be_199");
    // Stepping the capped set opens at most the cap, whatever the node reports.
    expect(stepIncidents([], capConditions(many(5_000), []), 0)).toHaveLength(MAX_OPEN_INCIDENTS_PER_CLUSTER);
  });
});
