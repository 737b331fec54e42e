/**
 * Steps about the VIP: the controlled failover of "verify on backup" (the master's priority lowered by
 * a validated, reloaded keepalived.conf; its own config, reloaded at failback, gives the priority back),
 * the traffic probe, and the final confirmation of one VIP holder and the expected files.
 */
import { candidatePath } from "@/lib/rollout/files";
import { FAILOVER_PRIORITY, restoredNodes } from "@/lib/rollout/steps";
import type { RolloutStepView } from "@/lib/rollout/types";
import { nodeOps, planOf, sides, until, type RolloutContext } from "./context";
import { backupOnce } from "../runtime/node-ops";
import {
  clusterStatusOf,
  lastLines,
  loweredKeepalivedConf,
  observeAll,
  reloadKeepalivedOn,
} from "./node-checks";
import type { StepRecorder } from "./run";

const VIP_MOVE_MS = 25_000;
const PROBES_PER_URL = 5;

async function waitForHolder(ctx: RolloutContext, holder: string, rec: StepRecorder): Promise<void> {
  const started = ctx.clock.now();
  await until(ctx, `the VIP on ${holder} alone`, VIP_MOVE_MS, async () => {
    const seen = await observeAll(ctx);
    const holders = Object.values(seen)
      .filter((o) => (o?.vipsHeld.length ?? 0) > 0)
      .map((o) => o?.node);
    return holders.length === 1 && holders[0] === holder ? true : null;
  });
  await rec.log(`the VIP is on ${holder} alone (${ctx.clock.now() - started} ms)`);
}

export async function failover(ctx: RolloutContext, step: RolloutStepView, rec: StepRecorder): Promise<void> {
  const ops = nodeOps(ctx, step.node);
  const { backup } = sides(planOf(ctx));
  const path = ctx.definition.paths.keepalivedConfig;
  const candidate = `${candidatePath(path, ctx.rollout.id)}-failover`;
  await ops.upload(candidate, loweredKeepalivedConf(ctx, ops.name), 0o644);
  const check = await ops.command(ctx.definition.commands.keepalivedCheck, candidate);
  await rec.keep(`keepalived check of the failover config (exit ${check.exitCode})`, check.output);
  if (!check.ok)
    throw new Error(`keepalived refused the failover config on ${ops.name}: ${lastLines(check.output)}`);
  const kept = await backupOnce(ops, path, ctx.rollout.id);
  await rec.log(
    `${path}: previous version ${kept === "absent" ? "did not exist" : "kept"}; priority lowered to ${FAILOVER_PRIORITY}`,
  );
  await ops.rename(candidate, path);
  await reloadKeepalivedOn(ctx, ops, rec, { movesVip: true });
  await waitForHolder(ctx, backup, rec);
}

export async function probeVipStep(
  ctx: RolloutContext,
  _step: RolloutStepView,
  rec: StepRecorder,
): Promise<void> {
  const results = await ctx.probeVip(ctx.definition, PROBES_PER_URL);
  await rec.log(
    results.length === 0
      ? "no frontend binds a VIP: nothing to probe"
      : `${results.length} requests through the VIP answered: ${[...new Set(results)].join(", ")}`,
  );
}

/** The master's own keepalived.conf (installed with the rest) is reloaded: its priority returns and it takes the VIP back. */
export async function failback(ctx: RolloutContext, step: RolloutStepView, rec: StepRecorder): Promise<void> {
  const ops = nodeOps(ctx, step.node);
  const afterSha = planOf(ctx)
    .nodes.find((n) => n.node === ops.name)
    ?.files.find((f) => f.role === "keepalived.conf")?.afterSha;
  if ((await ops.sha(ctx.definition.paths.keepalivedConfig)) !== afterSha)
    throw new Error(`${ops.name} does not hold its new keepalived.conf`);
  await reloadKeepalivedOn(ctx, ops, rec, { movesVip: true });
  if (ctx.definition.vrrp.nopreempt) return rec.log("nopreempt: the VIP stays where it is");
  await waitForHolder(ctx, ops.name, rec);
}

/** Both nodes hold what they should (new files, or previous ones where restored), run, and one holds the VIP. */
export async function confirm(ctx: RolloutContext, _step: RolloutStepView, rec: StepRecorder): Promise<void> {
  const restored = restoredNodes(ctx.run.steps);
  for (const node of planOf(ctx).nodes) {
    const ops = nodeOps(ctx, node.node);
    // A node never installed (the rollout failed before it) or restored holds its previous files.
    const installed = ctx.run.steps.some(
      (s) => s.kind === "install" && s.node === node.node && s.status === "done",
    );
    const expectBefore = restored.has(node.node) || !installed;
    for (const file of node.files) {
      const sha = await ops.sha(file.path);
      if (sha !== (expectBefore ? file.beforeSha : file.afterSha))
        throw new Error(`${node.node}: ${file.path} is not the ${expectBefore ? "previous" : "new"} version`);
    }
    await rec.log(`${node.node}: runs the ${expectBefore ? "previous" : "new"} files`);
  }
  await until(
    ctx,
    "a single VIP holder with HAProxy and keepalived running on both nodes",
    VIP_MOVE_MS,
    async () => {
      const seen = await observeAll(ctx);
      const status = clusterStatusOf(ctx, seen);
      const running = Object.values(seen).every((o) => o?.haproxy?.running && o.keepalived?.running);
      return status.holder && running && status.health !== "split-brain" ? status : null;
    },
  ).then((status) => rec.log(`one VIP holder: ${status.holder}; cluster ${status.health}`));
}
