/**
 * The agents' server-action worker: a quick loop claims pending actions (a cheap indexed query) and
 * runs each in the background, so a slow node never holds up the loop; actions on one cluster still
 * run one after another (see claimNextServerAction). With several agents processes, only the clusters
 * this one holds the lease of (see agents/runtime/coordination.ts).
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { claimNextServerAction, failAbandonedServerActions } from "@/lib/store/server-actions";
import { backgroundJobs, startClaimLoop } from "../runtime/claim-worker";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import type { LoopHandle } from "../runtime/loop";
import { executeServerAction } from "./run-actions";
import { errorMessage } from "@/lib/error-message";

export const CLAIM_INTERVAL_MS = 250;

/** One pass: fail what a stopped process left running, then claim and start what is pending. */
export function serverActionWorker(
  db: Database,
  pool: SshPool,
  signal: AbortSignal,
  coordination: Coordination = soloCoordination(),
) {
  const { track, idle, busy } = backgroundJobs<number>((id, error) =>
    console.error(`[server actions] action ${id}: ${errorMessage(error)}`),
  );
  const pass = async () => {
    const abandoned = await failAbandonedServerActions(db, coordination);
    if (abandoned > 0)
      console.error(
        `[server actions] ${abandoned} action(s) left running by a stopped agents process marked failed`,
      );
    const next = () => claimNextServerAction(db, coordination.self, coordination.owns);
    for (let claimed = await next(); claimed; claimed = await next()) {
      const action = claimed;
      track(action.id, () => executeServerAction(db, pool, action, signal));
    }
  };
  return { pass, idle, busy };
}

export function startServerActionService(
  db: Database,
  pool: SshPool,
  coordination: Coordination = soloCoordination(),
): LoopHandle {
  return startClaimLoop("server actions", CLAIM_INTERVAL_MS, (signal) =>
    serverActionWorker(db, pool, signal, coordination),
  );
}
