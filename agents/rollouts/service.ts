/**
 * The agents' rollout worker: a quick loop plans rollouts that ask for a plan and claims pending ones;
 * each runs in the background (a rollout takes minutes). Every pass it first recovers the rollouts an
 * agents process that died left running (at start: the previous process; beside others: a dead one),
 * and fails the plans it left half-read.
 */
import { errorMessage } from "@/lib/error-message";
import { changedRoles } from "@/lib/rollout/plan";
import { rolloutSteps } from "@/lib/rollout/steps";
import type { RolloutView } from "@/lib/rollout/types";
import {
  claimNextRollout,
  failAbandonedPlans,
  nextPlanning,
  savePlan,
  takeOrphanedRollouts,
  writeRolloutSteps,
} from "@/lib/store/rollouts";
import { backgroundJobs, claimEach, claimService, type JobWorker } from "../runtime/claim-worker";
import { soloCoordination } from "../runtime/coordination";
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
export const rolloutWorker: JobWorker = (db, pool, signal, coordination = soloCoordination()) => {
  const { track, idle, busy } = backgroundJobs<string>((key, error) =>
    console.error(`[rollouts] ${key}: ${errorMessage(error)}`),
  );
  const env = databaseEnv(db, pool);
  const pass = async () => {
    const abandoned = await failAbandonedPlans(db, coordination);
    if (abandoned > 0)
      console.error(
        `[rollouts] ${abandoned} plan(s) left unfinished by a stopped agents process marked plan-failed`,
      );
    for (const rollout of await takeOrphanedRollouts(db, coordination)) {
      if (rollout.steps.length === 0) {
        // Claimed by a process that died before writing its steps: nothing ran, so it starts afresh.
        track(`rollout ${rollout.id}`, async () => {
          const ready = await writeRolloutSteps(db, rollout.id, stepsFor(rollout));
          if (ready) await executeRollout(env, ready, signal);
        });
        continue;
      }
      track(`rollout ${rollout.id}`, async () => {
        console.error(
          `[rollouts] rollout ${rollout.id} was left running by a stopped agents process: re-reading the nodes`,
        );
        await recoverRollout(env, rollout, signal);
      });
    }
    const planning = await nextPlanning(db, coordination.self);
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
    await claimEach(
      () => claimNextRollout(db, stepsFor, coordination.self),
      (rollout) => track(`rollout ${rollout.id}`, () => executeRollout(env, rollout, signal)),
    );
  };
  return { pass, idle, busy };
};

export const startRolloutService = claimService("rollouts", CLAIM_INTERVAL_MS, rolloutWorker);
