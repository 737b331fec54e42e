/**
 * A rollout left running by an agents process that died: re-read every node's files (checksums) and,
 * for an interrupted reload, HAProxy's reload counter; resume from the interrupted step when the
 * nodes hold exactly what the finished steps imply, otherwise restore every node the rollout touched
 * (the nodes must not stay uneven). Only a node that cannot be read at all stops it as interrupted.
 */
import type { MasterProc } from "@/lib/probes/parse/master-proc";
import { sha256 } from "@/lib/rollout/files";
import { reloadVerdict, type ReloadVerdict } from "@/lib/rollout/reload";
import { resumeDecision } from "@/lib/rollout/resume";
import type { RolloutStatus, RolloutView } from "@/lib/rollout/types";
import { reloadDataOf } from "@/lib/store/rollout-steps";
import { loadContext, nodeOps, removeCandidates, sides, type RolloutContext } from "./context";
import type { RolloutEnv } from "./env";
import { restoreAfter, runSteps } from "./execute";
import { RolloutRun } from "./run";
import { loweredKeepalivedConf } from "./node-checks";
import { errorMessage } from "@/lib/error-message";

/** A node just restarted with the agents may not answer at once: a few tries before it counts as unreadable. */
const READ_TRIES = 3;
const READ_RETRY_MS = 2_000;

interface NodeReading {
  now: Record<string, Record<string, string | null> | undefined>;
  readErrors: Record<string, string>;
}

async function readNodes(ctx: RolloutContext): Promise<NodeReading> {
  const reading: NodeReading = { now: {}, readErrors: {} };
  for (let attempt = 1; attempt <= READ_TRIES; attempt++) {
    for (const node of ctx.rollout.plan?.nodes ?? []) {
      if (reading.now[node.node]) continue;
      try {
        const ops = nodeOps(ctx, node.node);
        const sums: Record<string, string | null> = {};
        for (const file of node.files) sums[file.path] = await ops.sha(file.path);
        reading.now[node.node] = sums;
        delete reading.readErrors[node.node];
      } catch (error) {
        reading.readErrors[node.node] = errorMessage(error);
      }
    }
    if (Object.keys(reading.readErrors).length === 0 || attempt === READ_TRIES) break;
    await ctx.clock.sleep(READ_RETRY_MS, ctx.signal);
  }
  return reading;
}

/** Whether the reload a crashed step recorded (`procBefore`) happened meanwhile. */
async function reloadHappened(
  ctx: RolloutContext,
  node: string | null,
  before: MasterProc,
): Promise<ReloadVerdict> {
  try {
    return reloadVerdict(before, await nodeOps(ctx, node).showProc());
  } catch (error) {
    return { state: "failed", reason: errorMessage(error) };
  }
}

/** Recovers the rollout, then runs what is left of it; answers the outcome (null: the agents are stopping). */
export async function recoverRollout(
  env: RolloutEnv,
  rollout: RolloutView,
  signal: AbortSignal,
): Promise<RolloutStatus | null> {
  const run = await RolloutRun.load(env.store, rollout);
  // The step the dead process was running, or one a stopping process aborted.
  const running = run.steps.find((s) => s.status === "running" || s.status === "interrupted");
  const interrupt = async (reason: string): Promise<RolloutStatus> => {
    if (running) {
      await run.log(running, `agents restarted; not resumed: ${reason}`);
      await run.set(running, { status: "interrupted", finishedAt: new Date().toISOString(), error: reason });
    }
    await run.skipPending();
    await run.finishRollout(
      "interrupted",
      `the agents restarted during the rollout and did not resume it: ${reason}`,
    );
    return "interrupted";
  };
  let ctx: RolloutContext;
  try {
    ctx = await loadContext(env, run, signal);
  } catch (error) {
    return interrupt(errorMessage(error));
  }
  if (!rollout.plan || !rollout.mode) return interrupt("the rollout has no plan or mode");
  const { master } = sides(rollout.plan);
  const { now, readErrors } = await readNodes(ctx);
  const loweredSha = rollout.mode === "verify-on-backup" ? sha256(loweredKeepalivedConf(ctx, master)) : null;
  const decision = resumeDecision({
    mode: rollout.mode,
    plan: rollout.plan,
    steps: run.steps,
    now,
    readErrors,
    loweredSha,
  });
  if (decision.action === "stop") {
    await removeCandidates(ctx);
    return interrupt(decision.reason);
  }
  if (decision.action === "restore") {
    // The step the crash interrupted (or the next one) fails with the real reason; the restore of
    // every node the rollout touched follows, and the rollout finishes rolled-back (or failed).
    const stopped = running ?? run.steps.find((s) => s.status === "pending");
    if (!stopped) return interrupt(decision.reason);
    if (stopped.status === "pending") await run.start(stopped);
    await run.finish(
      stopped,
      "failed",
      `the agents restarted during the rollout and it cannot go on: ${decision.reason}`,
    );
    await restoreAfter(run, { ...stopped, node: null });
    return runSteps(ctx);
  }
  if (!running) return runSteps(ctx);
  await run.log(running, "agents restarted: every node re-read, its files are what the finished steps imply");
  const { procBefore } = reloadDataOf(rollout.id, running);
  if (running.kind === "reload-haproxy" && procBefore) {
    const verdict = await reloadHappened(ctx, running.node, procBefore);
    if (verdict.state === "done") {
      await run.log(
        running,
        `the reload had happened before the restart: new worker ${verdict.workers.join(", ")}`,
      );
      await run.set(running, { status: "done", finishedAt: new Date().toISOString() });
      return runSteps(ctx);
    }
    if (verdict.state === "failed") {
      await run.finish(running, "failed", verdict.reason);
      await restoreAfter(run, running);
      return runSteps(ctx);
    }
    await run.log(running, "the reload had not happened: running it again");
  } else {
    await run.log(running, "running the step again (it checks each file and state before acting)");
  }
  await run.set(running, { status: "pending" });
  return runSteps(ctx);
}
