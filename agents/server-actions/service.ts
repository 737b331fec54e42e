/**
 * The agents' server-action worker: a quick loop claims pending actions (a cheap indexed query) and
 * runs each in the background, so a slow node never holds up the loop; actions on one cluster still
 * run one after another (see claimNextServerAction).
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { claimNextServerAction, failAbandonedServerActions } from "@/lib/store/server-actions";
import { backgroundJobs, startClaimLoop } from "../runtime/claim-worker";
import type { LoopHandle } from "../runtime/loop";
import { executeServerAction } from "./run-actions";
import { errorMessage } from "@/lib/error-message";

export const CLAIM_INTERVAL_MS = 250;

/** One pass: fail what a previous process left running (first pass only), then claim and start what is pending. */
export function serverActionWorker(db: Database, pool: SshPool, signal: AbortSignal) {
  const { track, idle, busy } = backgroundJobs<number>((id, error) =>
    console.error(`[server actions] action ${id}: ${errorMessage(error)}`),
  );
  let cleanedUp = false;
  const pass = async () => {
    if (!cleanedUp) {
      const abandoned = await failAbandonedServerActions(db);
      if (abandoned > 0)
        console.error(
          `[server actions] ${abandoned} action(s) left running by a previous agents process marked failed`,
        );
      cleanedUp = true;
    }
    for (let claimed = await claimNextServerAction(db); claimed; claimed = await claimNextServerAction(db)) {
      const action = claimed;
      track(action.id, () => executeServerAction(db, pool, action, signal));
    }
  };
  return { pass, idle, busy };
}

export function startServerActionService(db: Database, pool: SshPool): LoopHandle {
  return startClaimLoop("server actions", CLAIM_INTERVAL_MS, (signal) =>
    serverActionWorker(db, pool, signal),
  );
}
