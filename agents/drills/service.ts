/**
 * The agents' drill worker: claims pending drills and runs each in the background; at start it first
 * recovers the drills a previous agents process left running. Errors end the drill, never the process.
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { claimNextDrill, finishDrill, getDrill, runningDrills } from "@/lib/store/drills";
import { startLoop, withCleanup, type LoopHandle } from "../runtime/loop";
import { drillContext } from "./context";
import { executeDrill } from "./execute";
import { recoverDrill } from "./recover";
import { errorMessage } from "@/lib/error-message";

export const DRILL_CLAIM_INTERVAL_MS = 500;

export function drillWorker(db: Database, pool: SshPool, signal: AbortSignal) {
  const inFlight = new Map<number, Promise<unknown>>();
  const track = (id: number, work: () => Promise<void>) => {
    if (inFlight.has(id)) return;
    const promise = work()
      .catch(async (error: unknown) => {
        const message = errorMessage(error);
        console.error(`[drills] drill ${id}: ${message}`);
        const drill = await getDrill(db, id).catch(() => null);
        if (drill && !signal.aborted)
          await finishDrill(db, drill, "failed", drill.report, message).catch(() => undefined);
      })
      .finally(() => inFlight.delete(id));
    inFlight.set(id, promise);
  };
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
  return { pass, idle: () => Promise.allSettled([...inFlight.values()]), busy: () => inFlight.size > 0 };
}

export function startDrillService(db: Database, pool: SshPool): LoopHandle {
  const stopping = new AbortController();
  const worker = drillWorker(db, pool, stopping.signal);
  const loop = startLoop({
    name: "drills",
    intervalMs: DRILL_CLAIM_INTERVAL_MS,
    timeoutMs: DRILL_CLAIM_INTERVAL_MS - 50,
    startJitterMs: 0,
    run: worker.pass,
  });
  return withCleanup(loop, async () => {
    stopping.abort(new Error("agents stopping"));
    await worker.idle();
  });
}
