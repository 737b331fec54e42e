/**
 * A rollout left running by an agents process that died: re-read every node's files (checksums) and,
 * for an interrupted reload, HAProxy's reload counter; resume from the interrupted step when the
 * nodes hold exactly what the finished steps imply, otherwise restore every node the rollout touched
 * (the nodes must not stay uneven). Only a node that cannot be read at all stops it as interrupted.
 */
import type { Database } from "@/lib/db/client";
import { sha256 } from "@/lib/rollout/files";
import { resumeDecision } from "@/lib/rollout/resume";
import { rollbackSteps } from "@/lib/rollout/steps";
import type { RolloutView } from "@/lib/rollout/types";
import type { SshPool } from "@/lib/ssh";
import { appendSteps, finishRollout, getRollout, markStep, reloadStepData } from "@/lib/store/rollouts";
import { reloadHappened } from "./apply-steps";
import { loadContext, nodeOps, removeCandidates, sides, type RolloutContext } from "./context";
import { loweredKeepalivedConf } from "./vip-steps";

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
        reading.readErrors[node.node] = error instanceof Error ? error.message : String(error);
      }
    }
    if (Object.keys(reading.readErrors).length === 0 || attempt === READ_TRIES) break;
    await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS));
  }
  return reading;
}

/** Answers whether the rollout can go on (the executor then runs its next pending step). */
export async function recoverRollout(
  db: Database,
  pool: SshPool,
  rollout: RolloutView,
  signal: AbortSignal,
): Promise<boolean> {
  const at = () => new Date().toISOString();
  const running = rollout.steps.find((s) => s.status === "running");
  const interrupt = async (reason: string) => {
    if (running)
      await markStep(db, rollout.id, running.index, {
        status: "interrupted",
        finished: true,
        log: [...running.log, { at: at(), line: `agents restarted; not resumed: ${reason}` }],
      });
    for (const s of rollout.steps.filter((x) => x.status === "pending"))
      await markStep(db, rollout.id, s.index, { status: "skipped" });
    await finishRollout(
      db,
      rollout,
      "interrupted",
      `the agents restarted during the rollout and did not resume it: ${reason}`,
    );
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
  const { now, readErrors } = await readNodes(ctx);
  const loweredSha = rollout.mode === "verify-on-backup" ? sha256(loweredKeepalivedConf(ctx, master)) : null;
  const decision = resumeDecision({
    mode: rollout.mode,
    plan: rollout.plan,
    steps: rollout.steps,
    now,
    readErrors,
    loweredSha,
  });
  if (decision.action === "stop") {
    await removeCandidates(ctx);
    return interrupt(decision.reason);
  }
  if (decision.action === "restore") {
    // The step the crash interrupted (or the next one) fails with the real reason; the executor then
    // runs the restore of every node the rollout touched and finishes rolled-back (or failed).
    const stopped = running ?? rollout.steps.find((s) => s.status === "pending");
    if (!stopped) return interrupt(decision.reason);
    await markStep(db, rollout.id, stopped.index, {
      status: "failed",
      started: stopped.status === "pending",
      finished: true,
      log: [
        ...stopped.log,
        {
          at: at(),
          line: `failed: the agents restarted during the rollout and it cannot go on: ${decision.reason}`,
        },
      ],
    });
    for (const s of rollout.steps.filter((x) => x.status === "pending" && x.index !== stopped.index))
      await markStep(db, rollout.id, s.index, { status: "skipped" });
    const fresh = (await getRollout(db, rollout.id))?.steps ?? [];
    await appendSteps(db, rollout.id, rollbackSteps(fresh, { ...stopped, node: null }));
    return true;
  }
  if (!running) return true;
  const log = [
    ...running.log,
    { at: at(), line: "agents restarted: every node re-read, its files are what the finished steps imply" },
  ];
  const data = await reloadStepData(db, rollout.id, running.index);
  if (running.kind === "reload-haproxy" && data?.procBefore) {
    const verdict = await reloadHappened(nodeOps(ctx, running.node), data.procBefore).catch(
      (error: unknown) => ({
        state: "failed" as const,
        reason: error instanceof Error ? error.message : String(error),
      }),
    );
    if (verdict.state === "done") {
      await markStep(db, rollout.id, running.index, {
        status: "done",
        finished: true,
        log: [
          ...log,
          {
            at: at(),
            line: `the reload had happened before the restart: new worker ${verdict.workers.join(", ")}`,
          },
        ],
      });
      return true;
    }
    if (verdict.state === "failed") {
      await markStep(db, rollout.id, running.index, {
        status: "failed",
        finished: true,
        log: [...log, { at: at(), line: `failed: ${verdict.reason}` }],
      });
      for (const s of rollout.steps.filter((x) => x.status === "pending"))
        await markStep(db, rollout.id, s.index, { status: "skipped" });
      await appendSteps(
        db,
        rollout.id,
        rollbackSteps((await getRollout(db, rollout.id))?.steps ?? [], running),
      );
      return true;
    }
    log.push({ at: at(), line: "the reload had not happened: running it again" });
  } else {
    log.push({ at: at(), line: "running the step again (it checks each file and state before acting)" });
  }
  await markStep(db, rollout.id, running.index, { status: "pending", log });
  return true;
}
