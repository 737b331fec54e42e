/**
 * Runs a claimed rollout step by step. Each step's state is written before and after it runs; a
 * failed step stops the forward steps and appends the restore of every node a changing step touched,
 * then a confirmation. The outcome: succeeded, rolled-back (restored and verified), or failed.
 */
import type { Database } from "@/lib/db/client";
import { rollbackSteps } from "@/lib/rollout/steps";
import type { RolloutStatus, RolloutStepView, RolloutView, StepKind } from "@/lib/rollout/types";
import type { SshPool } from "@/lib/ssh";
import { appendSteps, finishRollout, getRollout, markStep, stepData } from "@/lib/store/rollouts";
import { certificates, gate, preflight } from "./check-steps";
import { checkBackends, install, reloadHaproxy, reloadKeepalived, restore } from "./apply-steps";
import { loadContext, pruneBackups, removeCandidates, StepRecorder, type RolloutContext } from "./context";
import { confirm, failback, failover, probeVipStep } from "./vip-steps";

type Handler = (ctx: RolloutContext, step: RolloutStepView, rec: StepRecorder) => Promise<void>;

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

export async function runStep(ctx: RolloutContext, step: RolloutStepView): Promise<string | null> {
  const { db, rollout } = ctx;
  await markStep(db, rollout.id, step.index, { status: "running", started: true });
  const rec = new StepRecorder(db, rollout.id, step.index, {
    log: step.log,
    output: step.output,
    data: await stepData(db, rollout.id, step.index),
  });
  try {
    await HANDLERS[step.kind](ctx, step, rec);
    await markStep(db, rollout.id, step.index, { status: "done", finished: true });
    return null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    rec.lines.push({ at: new Date().toISOString(), line: `failed: ${message}` });
    await markStep(db, rollout.id, step.index, {
      status: ctx.signal.aborted ? "interrupted" : "failed",
      finished: true,
      log: rec.lines,
    });
    return message;
  }
}

export async function executeRollout(
  db: Database,
  pool: SshPool,
  claimed: RolloutView,
  signal: AbortSignal,
): Promise<RolloutView | null> {
  let ctx: RolloutContext;
  try {
    ctx = await loadContext(db, pool, claimed, signal);
  } catch (error) {
    await finishRollout(db, claimed, "failed", error instanceof Error ? error.message : String(error));
    return getRollout(db, claimed.id);
  }
  let firstError: string | null = null;
  for (;;) {
    const rollout = await getRollout(db, claimed.id);
    if (!rollout) return null;
    ctx = { ...ctx, rollout };
    const failed = rollout.steps.find((s) => s.status === "failed");
    firstError ??= failed
      ? `${failed.kind}${failed.node ? ` on ${failed.node}` : ""}: ${failed.log.at(-1)?.line.replace(/^failed: /, "") ?? "failed"}`
      : null;
    const next = rollout.steps.find((s) => s.status === "pending" && (!failed || s.index > failed.index));
    if (!next) break;
    if (signal.aborted) return rollout; // the agents are stopping: the rollout stays running and is resumed at start
    const error = await runStep(ctx, next);
    if (signal.aborted) return getRollout(db, claimed.id);
    if (error === null) continue;
    if (failed) {
      await removeCandidates(ctx);
      await finishRollout(db, rollout, "failed", `${firstError ?? error}; then the restore failed: ${error}`);
      return getRollout(db, claimed.id);
    }
    // Steps after the failure are skipped; the restore steps follow them.
    const after = rollout.steps.filter((s) => s.index > next.index && s.status === "pending");
    for (const s of after) await markStep(db, rollout.id, s.index, { status: "skipped" });
    const fresh = await getRollout(db, claimed.id);
    await appendSteps(db, rollout.id, rollbackSteps(fresh?.steps ?? [], next));
  }
  const final = await getRollout(db, claimed.id);
  if (!final) return null;
  await removeCandidates({ ...ctx, rollout: final });
  const failedStep = final.steps.find((s) => s.status === "failed");
  const restored = final.steps.some((s) => s.kind === "restore");
  const status: RolloutStatus = !failedStep ? "succeeded" : restored ? "rolled-back" : "failed";
  if (status === "succeeded") await pruneBackups(ctx);
  await finishRollout(
    db,
    final,
    status,
    failedStep
      ? `${firstError ?? "a step failed"}${restored ? "; restored and verified" : "; nothing was changed"}`
      : null,
  );
  return getRollout(db, claimed.id);
}
