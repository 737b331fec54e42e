/**
 * Runs a claimed rollout step by step, a plain state machine over the steps held in memory (written
 * through to the store): the first pending step runs; a failed step skips the forward steps and
 * appends the restore of every node a changing step touched, then a confirmation. The outcome:
 * succeeded, rolled-back (restored and verified), or failed.
 */
import { rollbackSteps } from "@/lib/rollout/steps";
import type { RolloutStatus, RolloutView, StepKind } from "@/lib/rollout/types";
import type { RunStep } from "@/lib/store/rollout-steps";
import { checkBackends, install, reloadHaproxy, reloadKeepalived, restore } from "./apply-steps";
import { certificates, gate, preflight } from "./check-steps";
import { loadContext, pruneBackups, removeCandidates, type RolloutContext } from "./context";
import type { RolloutEnv } from "./env";
import { RolloutRun, StepRecorder } from "./run";
import { confirm, failback, failover, probeVipStep } from "./vip-steps";
import { errorMessage } from "@/lib/error-message";

type Handler = (ctx: RolloutContext, step: RunStep, rec: StepRecorder) => Promise<void>;

const HANDLERS: Record<StepKind, Handler> = {
  gate,
  preflight,
  certificates,
  install,
  "reload-haproxy": reloadHaproxy,
  "check-backends": checkBackends,
  "reload-keepalived": reloadKeepalived,
  failover,
  "probe-vip": probeVipStep,
  failback,
  confirm,
  restore,
};

/** Runs one step; answers its error, or null when it is done. */
export async function runStep(ctx: RolloutContext, step: RunStep): Promise<string | null> {
  const { run } = ctx;
  await run.start(step);
  try {
    await HANDLERS[step.kind](ctx, step, new StepRecorder(run, step));
    await run.finish(step, "done");
    return null;
  } catch (error) {
    const message = errorMessage(error);
    await run.finish(step, ctx.signal.aborted ? "interrupted" : "failed", message);
    return message;
  }
}

/** After a failed step: nothing else forward runs; the restore of the nodes `from` touched follows. */
export async function restoreAfter(
  run: RolloutRun,
  from: Parameters<typeof rollbackSteps>[1],
): Promise<void> {
  await run.skipPending();
  await run.append(rollbackSteps(run.steps, from));
}

/**
 * Runs the pending steps in order until none is left; answers the outcome, or null when the agents
 * are stopping (the rollout stays running and is resumed at the next start).
 */
export async function runSteps(ctx: RolloutContext): Promise<RolloutStatus | null> {
  const { run, signal } = ctx;
  for (;;) {
    const failed = run.steps.find((s) => s.status === "failed");
    const next = run.steps.find((s) => s.status === "pending" && (!failed || s.index > failed.index));
    if (!next) break;
    if (signal.aborted) return null;
    const error = await runStep(ctx, next);
    if (signal.aborted) return null;
    if (error === null) continue;
    if (failed) {
      await removeCandidates(ctx);
      await run.finishRollout("failed", `${run.firstError() ?? error}; then the restore failed: ${error}`);
      return "failed";
    }
    await restoreAfter(run, next);
  }
  await removeCandidates(ctx);
  const firstError = run.firstError();
  const restored = run.steps.some((s) => s.kind === "restore");
  const status: RolloutStatus = !firstError ? "succeeded" : restored ? "rolled-back" : "failed";
  if (status === "succeeded") await pruneBackups(ctx);
  await run.finishRollout(
    status,
    firstError ? `${firstError}${restored ? "; restored and verified" : "; nothing was changed"}` : null,
  );
  return status;
}

export async function executeRollout(
  env: RolloutEnv,
  claimed: RolloutView,
  signal: AbortSignal,
): Promise<RolloutStatus | null> {
  const run = await RolloutRun.load(env.store, claimed);
  let ctx: RolloutContext;
  try {
    ctx = await loadContext(env, run, signal);
  } catch (error) {
    await run.finishRollout("failed", errorMessage(error));
    return "failed";
  }
  return runSteps(ctx);
}
