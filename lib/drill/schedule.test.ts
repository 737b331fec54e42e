import { describe, expect, it } from "vitest";
import { zodIssues } from "@/lib/cluster/definition";
import { drillScheduleEntrySchema, drillsSchema } from "@/lib/cluster/schema/drills";
import { firstSlotAfter, scheduleSlot } from "./schedule";

const T = (iso: string) => Date.parse(iso);
const entry = (over: Record<string, unknown> = {}) =>
  drillScheduleEntrySchema.parse({ mode: "process", everyDays: 7, at: "03:30", ...over });
/** The weekly 03:30 entry's slot at `now`, as [due, next] ISO times (null where none). */
const slot = (state: { lastSlotMs: number | null; sinceMs: number }, now: string) => {
  const { dueMs, nextMs } = scheduleSlot(entry(), state, T(now));
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace(".000", ""));
  return [iso(dueMs), iso(nextMs)];
};

describe("drill schedule: the slot due now (fake clock)", () => {
  it("the first slot is the first HH:MM UTC after the schedule was saved", () => {
    expect(firstSlotAfter({ at: "03:30" }, T("2026-12-01T02:00:00Z"))).toBe(T("2026-12-01T03:30:00Z"));
    expect(firstSlotAfter({ at: "03:30" }, T("2026-12-01T03:30:00Z"))).toBe(T("2026-12-02T03:30:00Z"));
    const state = { lastSlotMs: null, sinceMs: T("2026-12-01T10:00:00Z") };
    expect(slot(state, "2026-12-02T03:29:59Z")).toEqual([null, "2026-12-02T03:30:00Z"]);
    expect(scheduleSlot(entry(), state, T("2026-12-02T03:30:00Z")).dueMs).toBe(T("2026-12-02T03:30:00Z"));
  });

  it("after a run, the next slot is every N days later; not due again in between", () => {
    const state = { lastSlotMs: T("2026-12-02T03:30:00Z"), sinceMs: 0 };
    expect(slot(state, "2026-12-02T03:31:00Z")).toEqual([null, "2026-12-09T03:30:00Z"]);
    expect(scheduleSlot(entry(), state, T("2026-12-09T04:00:00Z")).dueMs).toBe(T("2026-12-09T03:30:00Z"));
  });

  it("a slot missed by more than its window (agents down) is skipped, never run late", () => {
    const state = { lastSlotMs: T("2026-12-02T03:30:00Z"), sinceMs: 0 };
    // The window is 60 min: at 04:31 the 9th's slot is gone; next is the 16th.
    expect(slot(state, "2026-12-09T04:31:00Z")).toEqual([null, "2026-12-16T03:30:00Z"]);
    // Weeks later: the slot of today, if still within the window.
    expect(scheduleSlot(entry(), state, T("2026-12-30T03:45:00Z")).dueMs).toBe(T("2026-12-30T03:30:00Z"));
  });

  it("a changed time of day applies from the next slot", () => {
    const state = { lastSlotMs: T("2026-12-02T03:30:00Z"), sinceMs: 0 };
    expect(scheduleSlot(entry({ at: "22:00" }), state, T("2026-12-03T00:00:00Z")).nextMs).toBe(
      T("2026-12-08T22:00:00Z"),
    );
  });

  it("every day at 00:00 across a month end", () => {
    const state = { lastSlotMs: T("2026-12-31T00:00:00Z"), sinceMs: 0 };
    expect(scheduleSlot(entry({ everyDays: 1, at: "00:00" }), state, T("2027-01-01T00:10:00Z")).dueMs).toBe(
      T("2027-01-01T00:00:00Z"),
    );
  });
});

describe("drill schedule: field errors", () => {
  it("names the field and says what is expected", () => {
    const parsed = drillsSchema.safeParse({
      schedule: [
        { mode: "reboot", everyDays: 0, at: "3:30" },
        { mode: "node", everyDays: 30, at: "24:00", windowMinutes: 0 },
      ],
    });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(zodIssues(parsed.error).map((i) => `${i.path}: ${i.message}`)).toEqual(
      expect.arrayContaining([
        "schedule.0.mode: process, node or partition",
        expect.stringMatching(/^schedule\.0\.everyDays: /),
        "schedule.0.at: a time of day in UTC as HH:MM, such as 03:30",
        "schedule.1.at: a time of day in UTC as HH:MM, such as 03:30",
        expect.stringMatching(/^schedule\.1\.windowMinutes: /),
      ]),
    );
  });

  it("a scheduled node-death drill must be confirmed in the entry", () => {
    const parsed = drillScheduleEntrySchema.safeParse({ mode: "node", everyDays: 30, at: "03:00" });
    expect(parsed.success ? [] : zodIssues(parsed.error).map((i) => `${i.path}: ${i.message}`)).toEqual([
      "confirmNodeDeath: a scheduled node-death drill must be confirmed (confirmNodeDeath: true)",
    ]);
  });
});
