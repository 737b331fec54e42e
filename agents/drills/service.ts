/**
 * The agents' drill worker: claims pending drills and runs each in the background; at start it first
 * recovers the drills a previous agents process left running. Errors end the drill, never the process.
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { claimNextDrill, finishDrill, getDrill, runningDrills } from "@/lib/store/drills";
import { backgroundJobs, startClaimLoop } from "../runtime/claim-worker";
import type { LoopHandle } from "../runtime/loop";
import { drillContext } from "./context";
import { executeDrill } from "./execute";
import { recoverDrill } from "./recover";
import { errorMessage } from "@/lib/error-message";

export const DRILL_CLAIM_INTERVAL_MS = 500;

export function drillWorker(db: Database, pool: SshPool, signal: AbortSignal) {
  const { track, idle, busy } = backgroundJobs<number>(async (id, error) => {
    const message = errorMessage(error);
    console.error(`[drills] drill ${id}: ${message}`);
    const drill = await getDrill(db, id).catch(() => null);
    if (drill && !signal.aborted)
      await finishDrill(db, drill, "failed", drill.report, message).catch(() => undefined);
  });
  let recovered = false;
  const pass = async () => {
    if (!recovered) {
      recovered = true;
      for (const drill of await runningDrills(db)) {
        track(drill.id, async () => {
          console.error(
            `[drills] drill ${drill.id} was left running by a previous agents process: restoring the pair`,
          );
          const { plan, io } = await drillContext(db, pool, drill, signal);
          const report = await recoverDrill(plan, io, drill.steps, drill.timeline, signal);
          await finishDrill(
            db,
            drill,
            "interrupted",
            report,
            `the agents stopped mid-drill; ${report.restored.join("; ") || "nothing needed restoring"}`,
          );
        });
      }
    }
    for (let claimed = await claimNextDrill(db); claimed; claimed = await claimNextDrill(db)) {
      const drill = claimed;
      track(drill.id, async () => {
        const { plan, io } = await drillContext(db, pool, drill, signal);
        const { report } = await executeDrill(plan, io, signal);
        if (report) await finishDrill(db, drill, report.outcome, report, report.failures[0] ?? null);
      });
    }
  };
  return { pass, idle, busy };
}

export function startDrillService(db: Database, pool: SshPool): LoopHandle {
  return startClaimLoop("drills", DRILL_CLAIM_INTERVAL_MS, (signal) => drillWorker(db, pool, signal));
}
