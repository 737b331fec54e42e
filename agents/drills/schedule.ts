/**
 * The drill scheduler: for each cluster whose definition has drills.schedule, requests the drill of
 * a due slot (once: the slot's row is unique) as "scheduler", never forced, so the pre-checks apply;
 * a refusal is recorded with its reasons. Once a scheduled drill finishes, one that failed or was
 * interrupted (a failover over its bound fails the drill) pages as rule drill-failed.
 */
import type { Database } from "@/lib/db/client";
import { scheduleSlot } from "@/lib/drill/schedule";
import {
  claimSlot,
  finishedUnjudged,
  judgeRun,
  lastSlot,
  recordSlot,
  scheduledClusters,
  SCHEDULER_ACTOR,
} from "@/lib/store/drill-schedule";
import { requestDrill } from "@/lib/store/drills";
import { startLoop, type LoopHandle } from "../runtime/loop";
import { errorMessage } from "@/lib/error-message";

export const SCHEDULE_INTERVAL_MS = 15_000;

const PAGED: readonly string[] = ["failed", "interrupted"];

export async function schedulePass(db: Database, now: () => number = Date.now): Promise<void> {
  for (const cluster of await scheduledClusters(db)) {
    for (const entry of cluster.schedule) {
      try {
        const last = await lastSlot(db, cluster.clusterId, entry.mode);
        const { dueMs } = scheduleSlot(
          entry,
          { lastSlotMs: last?.getTime() ?? null, sinceMs: cluster.savedAt.getTime() },
          now(),
        );
        if (dueMs === null) continue;
        const runId = await claimSlot(db, cluster.clusterId, entry.mode, new Date(dueMs));
        if (runId === null) continue;
        const requested = await requestDrill(
          db,
          cluster.clusterId,
          { mode: entry.mode, force: false, reason: "", confirmNodeDeath: entry.confirmNodeDeath },
          SCHEDULER_ACTOR,
        );
        if (requested.ok) await recordSlot(db, runId, { drillId: requested.drill.id });
        else {
          const refused = requested.issues.map((i) => i.message).join("; ");
          await recordSlot(db, runId, { refused });
          await db.clusterEvent.create({
            data: {
              clusterId: cluster.clusterId,
              kind: "drill",
              message: `scheduled ${entry.mode} drill refused by the pre-checks: ${refused}`,
              data: { slot: new Date(dueMs).toISOString() },
            },
          });
        }
      } catch (error) {
        // One cluster's trouble never stops the others' schedules.
        console.error(`[drill schedule] ${cluster.clusterId} ${entry.mode}: ${errorMessage(error)}`);
      }
    }
  }
  for (const { runId, clusterId, drill } of await finishedUnjudged(db)) {
    const report = drill.report;
    const page = PAGED.includes(drill.status)
      ? {
          clusterId,
          key: `drill-${drill.id}`,
          summary: `scheduled ${drill.mode} drill #${drill.id} ${drill.status}: ${report?.failures.join("; ") || drill.error || "see the drill's report"}`,
          evidence: {
            drill: drill.id,
            mode: drill.mode,
            outcome: drill.status,
            expectedFailoverMs: report?.expectedFailoverMs ?? null,
            measuredFailoverMs: report?.measuredFailoverMs ?? null,
            failures: report?.failures ?? [],
          },
        }
      : null;
    await judgeRun(db, runId, page);
  }
}

export function startDrillScheduler(db: Database): LoopHandle {
  return startLoop({
    name: "drill schedule",
    intervalMs: SCHEDULE_INTERVAL_MS,
    timeoutMs: SCHEDULE_INTERVAL_MS - 1_000,
    startJitterMs: 1_000,
    run: () => schedulePass(db),
  });
}
