/**
 * A rollout left running by an agents process that died: re-read every node's files (checksums) and,
 * for an interrupted reload, HAProxy's reload counter; resume from the interrupted step only when the
 * nodes hold exactly what the finished steps imply, otherwise mark it interrupted and touch nothing.
 */
import type { Database } from "@/lib/db/client";
import type { MasterProc } from "@/lib/probes/parse/master-proc";
import { sha256 } from "@/lib/rollout/files";
import { resumeProblems } from "@/lib/rollout/resume";
import { rollbackSteps } from "@/lib/rollout/steps";
import type { RolloutView } from "@/lib/rollout/types";
import type { SshPool } from "@/lib/ssh";
import { appendSteps, finishRollout, getRollout, markStep, stepData } from "@/lib/store/rollouts";
import { reloadHappened } from "./apply-steps";
import { loadContext, nodeOps, sides, type RolloutContext } from "./context";
import { loweredKeepalivedConf } from "./vip-steps";

async function readNodes(ctx: RolloutContext): Promise<Record<string, Record<string, string | null> | undefined>> {
  const now: Record<string, Record<string, string | null> | undefined> = {};
  for (const node of ctx.rollout.plan?.nodes ?? []) {
    try {
      const ops = nodeOps(ctx, node.node);
      const sums: Record<string, string | null> = {};
      for (const file of node.files) sums[file.path] = await ops.sha(file.path);
      now[node.node] = sums;
    } catch {
      now[node.node] = undefined;
    }
  }
  return now;
}

/** Answers whether the rollout can go on (the executor then runs its next pending step). */
export async function recoverRollout(db: Database, pool: SshPool, rollout: RolloutView, signal: AbortSignal): Promise<boolean> {
  const at = () => new Date().toISOString();
  const running = rollout.steps.find((s) => s.status === "running");
  const interrupt = async (reason: string) => {
    if (running) await markStep(db, rollout.id, running.index, { status: "interrupted", finished: true, log: [...running.log, { at: at(), line: `agents restarted; not resumed: ${reason}` }] });
    for (const s of rollout.steps.filter((x) => x.status === "pending")) await markStep(db, rollout.id, s.index, { status: "skipped" });
    await finishRollout(db, rollout, "interrupted", `the agents restarted during the rollout and did not resume it: ${reason}`);
    return false;
  };
  let ctx: RolloutContext;
  try {
    ctx = await loadContext(db, pool, rollout, signal);
  } catch (error) {
    return interrupt(error instanceof Error ? error.message : String(error));
  }
  if (!rollout.plan || !rollout.mode) return interrupt("the rollout has no plan or mode");
  const { master } = sides(rollout.plan);
  const now = await readNodes(ctx);
  const loweredSha = rollout.mode === "verify-on-backup" ? sha256(loweredKeepalivedConf(ctx, master)) : null;
  const problems = resumeProblems({ mode: rollout.mode, plan: rollout.plan, steps: rollout.steps, now, loweredSha });
  if (problems.length > 0) return interrupt(problems.join("; "));
  if (!running) return true;
  const log = [...running.log, { at: at(), line: "agents restarted: every node re-read, its files are what the finished steps imply" }];
  const data = (await stepData(db, rollout.id, running.index)) as { procBefore?: MasterProc } | null;
  if (running.kind === "reload-haproxy" && data?.procBefore) {
    const verdict = await reloadHappened(nodeOps(ctx, running.node), data.procBefore).catch((error: unknown) => ({ state: "failed" as const, reason: error instanceof Error ? error.message : String(error) }));
    if (verdict.state === "done") {
      await markStep(db, rollout.id, running.index, { status: "done", finished: true, log: [...log, { at: at(), line: `the reload had happened before the restart: new worker ${verdict.workers.join(", ")}` }] });
      return true;
    }
    if (verdict.state === "failed") {
      await markStep(db, rollout.id, running.index, { status: "failed", finished: true, log: [...log, { at: at(), line: `failed: ${verdict.reason}` }] });
      for (const s of rollout.steps.filter((x) => x.status === "pending")) await markStep(db, rollout.id, s.index, { status: "skipped" });
      await appendSteps(db, rollout.id, rollbackSteps((await getRollout(db, rollout.id))?.steps ?? [], running));
      return true;
    }
    log.push({ at: at(), line: "the reload had not happened: running it again" });
  } else {
    log.push({ at: at(), line: "running the step again (it checks each file and state before acting)" });
  }
  await markStep(db, rollout.id, running.index, { status: "pending", log });
  return true;
}
