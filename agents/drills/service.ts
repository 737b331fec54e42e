/**
 * The agents' drill worker: claims pending drills and runs each in the background; every pass it first
 * recovers the drills an agents process that died left running (at start: the previous process).
 * Errors end the drill, never the process.
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { claimNextDrill, finishDrill, getDrill, takeOrphanedDrills } from "@/lib/store/drills";
import { backgroundJobs, startClaimLoop } from "../runtime/claim-worker";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import type { LoopHandle } from "../runtime/loop";
import { drillContext } from "./context";
import { executeDrill } from "./execute";
import { recoverDrill } from "./recover";
import { errorMessage } from "@/lib/error-message";

export const DRILL_CLAIM_INTERVAL_MS = 500;

export function drillWorker(
  db: Database,
  pool: SshPool,
  signal: AbortSignal,
  coordination: Coordination = soloCoordination(),
) {
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
    const claim = () => claimNextDrill(db, coordination.self);
    for (let claimed = await claim(); claimed; claimed = await claim()) {
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

export function startDrillService(db: Database, pool: SshPool, coordination?: Coordination): LoopHandle {
  return startClaimLoop("drills", DRILL_CLAIM_INTERVAL_MS, (signal) =>
    drillWorker(db, pool, signal, coordination),
  );
}
