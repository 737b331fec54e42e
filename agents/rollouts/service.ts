/**
 * The agents' rollout worker: a quick loop plans rollouts that ask for a plan and claims pending ones;
 * each runs in the background (a rollout takes minutes). At start it first recovers the rollouts a
 * previous agents process left running.
 */
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import { changedRoles } from "@/lib/rollout/plan";
import { rolloutSteps } from "@/lib/rollout/steps";
import type { RolloutView } from "@/lib/rollout/types";
import type { SshPool } from "@/lib/ssh";
import {
  claimNextRollout,
  failAbandonedPlans,
  nextPlanning,
  runningRollouts,
  savePlan,
} from "@/lib/store/rollouts";
import { backgroundJobs, startClaimLoop } from "../runtime/claim-worker";
import type { LoopHandle } from "../runtime/loop";
import { sides } from "./context";
import { databaseEnv } from "./env";
import { executeRollout } from "./execute";
import { planRollout } from "./plan-rollout";
import { recoverRollout } from "./recover";
import { deadline } from "@/lib/deadline";

export const CLAIM_INTERVAL_MS = 500;
const PLAN_TIMEOUT_MS = 30_000;

export function stepsFor(rollout: RolloutView) {
  if (!rollout.plan || !rollout.mode) throw new Error(`rollout ${rollout.id} has no plan or mode`);
  const { backup, master } = sides(rollout.plan);
  return rolloutSteps({
    mode: rollout.mode,
    backup,
    master,
    changed: { [backup]: changedRoles(rollout.plan, backup), [master]: changedRoles(rollout.plan, master) },
  });
}

/** One pass: plan what asks for a plan, claim and run what is pending (tests call this and await the work). */
export function rolloutWorker(db: Database, pool: SshPool, signal: AbortSignal) {
  const { track, idle, busy } = backgroundJobs<string>((key, error) =>
    console.error(`[rollouts] ${key}: ${errorMessage(error)}`),
  );
  const env = databaseEnv(db, pool);
  let recovered = false;
  const pass = async () => {
    if (!recovered) {
      recovered = true;
      const abandoned = await failAbandonedPlans(db);
      if (abandoned > 0)
        console.error(
          `[rollouts] ${abandoned} plan(s) left unfinished by a previous agents process marked plan-failed`,
        );
      for (const rollout of await runningRollouts(db)) {
        track(`rollout ${rollout.id}`, async () => {
          console.error(
            `[rollouts] rollout ${rollout.id} was left running by a previous agents process: re-reading the nodes`,
          );
          await recoverRollout(env, rollout, signal);
        });
      }
    }
    const planning = await nextPlanning(db);
    if (planning) {
      track(`plan ${planning.id}`, async () => {
        const planDeadline = deadline(PLAN_TIMEOUT_MS, signal);
        const outcome = await planRollout(db, pool, planning, planDeadline.signal)
          .then(
            (plan) => ({ plan }),
            (error: unknown) => ({ error: `cannot plan: ${errorMessage(error)}` }),
          )
          .finally(planDeadline.release);
        await savePlan(db, planning.id, outcome);
      });
    }
    for (
      let claimed = await claimNextRollout(db, stepsFor);
      claimed;
      claimed = await claimNextRollout(db, stepsFor)
    ) {
      const rollout = claimed;
      track(`rollout ${rollout.id}`, () => executeRollout(env, rollout, signal));
    }
  };
  return { pass, idle, busy };
}

export function startRolloutService(db: Database, pool: SshPool): LoopHandle {
  return startClaimLoop("rollouts", CLAIM_INTERVAL_MS, (signal) => rolloutWorker(db, pool, signal));
}
