/**
 * The agents' drill worker: claims pending drills and runs each in the background; every pass it first
 * recovers the drills an agents process that died left running (at start: the previous process).
 * Errors end the drill, never the process.
 */
import { claimNextDrill, finishDrill, getDrill, takeOrphanedDrills } from "@/lib/store/drills";
import { backgroundJobs, claimEach, claimService, type JobWorker } from "../runtime/claim-worker";
import { soloCoordination } from "../runtime/coordination";
import { drillContext } from "./context";
import { executeDrill } from "./execute";
import { recoverDrill } from "./recover";
import { errorMessage } from "@/lib/error-message";

export const DRILL_CLAIM_INTERVAL_MS = 500;

export const drillWorker: JobWorker = (db, pool, signal, coordination = soloCoordination()) => {
  const { track, idle, busy } = backgroundJobs<number>(async (id, error) => {
    const message = errorMessage(error);
    console.error(`[drills] drill ${id}: ${message}`);
    const drill = await getDrill(db, id).catch(() => null);
    if (drill && !signal.aborted)
      await finishDrill(db, drill, "failed", drill.report, message).catch(() => undefined);
  });
  const pass = async () => {
    for (const drill of await takeOrphanedDrills(db, coordination)) {
      track(drill.id, async () => {
        console.error(
          `[drills] drill ${drill.id} was left running by a stopped agents process: restoring the pair`,
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
    await claimEach(
      () => claimNextDrill(db, coordination.self),
      (drill) =>
        track(drill.id, async () => {
          const { plan, io } = await drillContext(db, pool, drill, signal);
          const { report } = await executeDrill(plan, io, signal);
          if (report) await finishDrill(db, drill, report.outcome, report, report.failures[0] ?? null);
        }),
    );
  };
  return { pass, idle, busy };
};

export const startDrillService = claimService("drills", DRILL_CLAIM_INTERVAL_MS, drillWorker);
