/**
 * The agents' server-action worker: a quick loop claims pending actions (a cheap indexed query) and
 * runs each in the background, so a slow node never holds up the loop; actions on one cluster still
 * run one after another (see claimNextServerAction).
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { claimNextServerAction, failAbandonedServerActions } from "@/lib/store/server-actions";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import { startLoop, withCleanup, type LoopHandle } from "../runtime/loop";
import { executeServerAction } from "./run-actions";
import { errorMessage } from "@/lib/error-message";

export const CLAIM_INTERVAL_MS = 250;

export function startServerActionService(
  db: Database,
  pool: SshPool,
  coordination: Coordination = soloCoordination(),
): LoopHandle {
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();

  const claim = async () => {
    const abandoned = await failAbandonedServerActions(db, coordination);
    if (abandoned > 0)
      console.error(
        `[server actions] ${abandoned} action(s) left running by a stopped agents process marked failed`,
      );
    const next = () => claimNextServerAction(db, coordination.self, coordination.owns);
    for (let action = await next(); action; action = await next()) {
      const work: Promise<void> = executeServerAction(db, pool, action, stopping.signal)
        .then(() => undefined)
        .catch((error: unknown) =>
          console.error(`[server actions] action ${action?.id}: ${errorMessage(error)}`),
        )
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    }
  };

  const loop = startLoop({
    name: "server actions",
    intervalMs: CLAIM_INTERVAL_MS,
    timeoutMs: CLAIM_INTERVAL_MS - 50,
    startJitterMs: 0,
    run: claim,
  });
  return withCleanup(loop, async () => {
    stopping.abort(new Error("agents stopping"));
    await Promise.allSettled([...inFlight]);
  });
}
