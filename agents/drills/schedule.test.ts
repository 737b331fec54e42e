/**
 * The drill scheduler on a database of its own (no lab), on a fake clock: a due slot requests the
 * drill as "scheduler" and never forces it (here the pre-checks refuse: the pair was never observed),
 * a slot runs once, and a scheduled drill that failed pages (rule drill-failed) while a passed one does not.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";
import { firstSlotAfter } from "@/lib/drill/schedule";

const { db } = await useTestDatabase("drill-schedule");
const { saveClusterRevision } = await import("@/lib/store/revisions");
const { saveChannel } = await import("@/lib/store/notification-channels");
const { clusterDefinitionSchema } = await import("@/lib/cluster/definition");
const { schedulePass } = await import("./schedule");

let clusterId = "";
let slot = 0;

beforeAll(async () => {
  const definition = clusterDefinitionSchema.parse({
    ...articlePair,
    drills: { schedule: [{ mode: "process", everyDays: 7, at: "03:30" }] },
  });
  const saved = await saveClusterRevision(db, definition, "test");
  if (!saved.ok) throw new Error("cluster not saved");
  clusterId = saved.clusterId;
  const revision = await db.clusterRevision.findFirstOrThrow({ where: { clusterId } });
  slot = firstSlotAfter({ at: "03:30" }, revision.createdAt.getTime());
  const channel = await saveChannel(
    db,
    { kind: "webhook", name: "pager", enabled: true, url: "https://pager.example/hook" },
    "test",
  );
  if (!channel.ok) throw new Error("channel not saved");
}, 60_000);

describe("drill scheduler", () => {
  it("before the slot nothing runs; at the slot the drill is requested once, never forced: refused by the pre-checks and recorded", async () => {
    await schedulePass(db, () => slot - 1_000);
    expect(await db.drillScheduleRun.count()).toBe(0);
    await schedulePass(db, () => slot + 60_000);
    await schedulePass(db, () => slot + 120_000);
    const runs = await db.drillScheduleRun.findMany();
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ clusterId, mode: "process", slot: new Date(slot), drillId: null });
    expect(runs[0]?.refused).toBeTruthy();
    expect(await db.drill.count()).toBe(0);
    const event = await db.clusterEvent.findFirst({ where: { clusterId, kind: "drill" } });
    expect(event?.message).toMatch(/^scheduled process drill refused by the pre-checks: /);
    // A week later: the next slot.
    await schedulePass(db, () => slot + 7 * 86_400_000 + 1_000);
    expect(await db.drillScheduleRun.count()).toBe(2);
  });

  it("a scheduled drill that failed (its failover over the bound) pages once as drill-failed; a passed one does not", async () => {
    const drill = (status: string, failures: string[]) =>
      db.drill.create({
        data: {
          clusterId,
          revision: 1,
          mode: "process",
          requestedBy: "scheduler",
          problems: [],
          status,
          startedAt: new Date(),
          finishedAt: new Date(),
          report: { failures, expectedFailoverMs: 7609, measuredFailoverMs: 9100 },
        },
      });
    const failed = await drill("failed", [
      "failover took 9100 ms, over its bound of 7609 ms (+1000 ms tolerance)",
    ]);
    const passed = await drill("passed", []);
    for (const [i, d] of [failed, passed].entries())
      await db.drillScheduleRun.create({
        data: { clusterId, mode: "process", slot: new Date(slot + (10 + i) * 86_400_000), drillId: d.id },
      });
    await schedulePass(db, () => slot + 1_000);
    await schedulePass(db, () => slot + 2_000);
    const incidents = await db.alertIncident.findMany({ where: { rule: "drill-failed" } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ key: `drill-${failed.id}`, severity: "warning" });
    expect(incidents[0]?.summary).toBe(
      `scheduled process drill #${failed.id} failed: failover took 9100 ms, over its bound of 7609 ms (+1000 ms tolerance)`,
    );
    expect(await db.alertNotification.count({ where: { incidentId: incidents[0]?.id, event: "fire" } })).toBe(
      1,
    );
    expect(await db.drillScheduleRun.count({ where: { judgedAt: null } })).toBe(0);
  });
});
