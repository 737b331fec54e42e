/**
 * Scheduled drills on the lab pair, on a fake clock for the scheduler (the drills themselves run for
 * real): at its slot a process drill is requested as "scheduler" and passes, paging nothing; the next
 * day's slot, with a definition whose track script claims a faster failover than the nodes run, fails
 * over its bound and pages drill-failed to a loopback webhook.
 */
import { describe, expect, it } from "vitest";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { firstSlotAfter } from "@/lib/drill/schedule";
import { until, usePager } from "./alerts-support";
import {
  claimsFasterFailover,
  describeDrill,
  expectPairBack,
  slowerHaproxyCheck,
  useDrillLab,
} from "./drill-support";

process.env.HAPAIR_OUTBOUND_ALLOW = "127.0.0.1/32";

const DAY = 86_400_000;
const scheduled = (d: ClusterDefinition): ClusterDefinition => ({
  ...d,
  drills: {
    deadManSeconds: 60,
    nodeDeath: { enabled: false, returnWithinSeconds: 300 },
    schedule: [{ mode: "process", everyDays: 1, at: "03:30", windowMinutes: 60, confirmNodeDeath: false }],
  },
});

const drillLab = useDrillLab("drills-schedule", { change: scheduled });
const receiver = usePager(() => drillLab().db, "pager");

describe("scheduled drills", () => {
  it("run at their slot as scheduler; a passed one pages nothing, one over its bound pages drill-failed", async () => {
    const lab = drillLab();
    const { schedulePass } = await import("@/agents/drills/schedule");
    const revision = await lab.db.clusterRevision.findFirstOrThrow({
      where: { clusterId: lab.clusterId },
      orderBy: { number: "desc" },
    });
    const slot = firstSlotAfter({ at: "03:30" }, revision.createdAt.getTime());
    const runScheduled = async (nowMs: number) => {
      await lab.waitObserved();
      await schedulePass(lab.db, () => nowMs);
      await lab.worker.pass();
      await lab.worker.idle();
      await schedulePass(lab.db, () => nowMs + 1_000);
      const run = await lab.db.drillScheduleRun.findFirstOrThrow({ orderBy: { id: "desc" } });
      const drill = run.drillId === null ? null : await lab.store.getDrill(lab.db, run.drillId);
      if (drill) console.log(describeDrill(drill));
      return { run, drill };
    };

    const first = await runScheduled(slot + 60_000);
    expect(first.run.refused).toBeNull();
    expect(first.drill).toMatchObject({ requestedBy: "scheduler", status: "passed", forceReason: null });
    expect(await lab.db.alertIncident.count({ where: { rule: "drill-failed" } })).toBe(0);
    await expectPairBack();

    // The definition now claims chk_haproxy notices in 1 s (the nodes run interval 2 × fall 2).
    await lab.saveRevision(claimsFasterFailover);
    const second = await slowerHaproxyCheck(() => runScheduled(slot + DAY + 60_000));
    expect(second.drill?.status).toBe("failed");
    expect(second.drill?.report?.failures.join(" ")).toMatch(/over its bound/);
    const page = await until(
      "the drill-failed page",
      15_000,
      () => receiver().pages.find((p) => p.message.rule === "drill-failed") ?? null,
    );
    expect(page.message.summary).toMatch(
      new RegExp(
        `^scheduled process drill #${second.drill?.id} failed: failover took \\d+ ms, over its bound`,
      ),
    );
    await expectPairBack();
  }, 300_000);
});
