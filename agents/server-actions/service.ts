/**
 * The agents' server-action worker: a quick loop claims pending actions (a cheap indexed query) and
 * runs each in the background, so a slow node never holds up the loop; actions on one cluster still
 * run one after another (see claimNextServerAction). With several agents processes, only the clusters
 * this one holds the lease of (see agents/runtime/coordination.ts).
 */
import { claimNextServerAction, failAbandonedServerActions } from "@/lib/store/server-actions";
import { backgroundJobs, claimEach, claimService, type JobWorker } from "../runtime/claim-worker";
import { soloCoordination } from "../runtime/coordination";
import { executeServerAction } from "./run-actions";
import { errorMessage } from "@/lib/error-message";

export const CLAIM_INTERVAL_MS = 250;

/** One pass: fail what a stopped process left running, then claim and start what is pending. */
export const serverActionWorker: JobWorker = (db, pool, signal, coordination = soloCoordination()) => {
  const { track, idle, busy } = backgroundJobs<number>((id, error) =>
    console.error(`[server actions] action ${id}: ${errorMessage(error)}`),
  );
  const pass = async () => {
    const abandoned = await failAbandonedServerActions(db, coordination);
    if (abandoned > 0)
      console.error(
        `[server actions] ${abandoned} action(s) left running by a stopped agents process marked failed`,
      );
    await claimEach(
      () => claimNextServerAction(db, coordination.self, coordination.owns),
      (action) => track(action.id, () => executeServerAction(db, pool, action, signal)),
    );
  };
  return { pass, idle, busy };
};

export const startServerActionService = claimService("server actions", CLAIM_INTERVAL_MS, serverActionWorker);
