/** Steps that change a node: install, reload HAProxy (proved), backend health, reload keepalived, restore. */
import { healthSettleMs, lostServers, serverHealth, type ServerHealth } from "@/lib/rollout/backends";
import { backupPath, candidatePath } from "@/lib/rollout/files";
import { reloadVerdict } from "@/lib/rollout/reload";
import type { FileRole, RolloutStepView } from "@/lib/rollout/types";
import { reloadDataOf } from "@/lib/store/rollout-steps";
import { nodeOps, planOf, until, type RolloutContext } from "./context";
import { lastLines, reloadKeepalivedOn } from "./node-checks";
import type { StepRecorder } from "./run";
import { backupOnce, type NodeOps } from "../runtime/node-ops";
import { errorMessage } from "@/lib/error-message";

const RELOAD_CONFIRM_MS = 15_000;

/** Every file the node should hold: a numbered backup of the previous one, then rename of the validated candidate. */
export async function install(ctx: RolloutContext, step: RolloutStepView, rec: StepRecorder): Promise<void> {
  const ops = nodeOps(ctx, step.node);
  const planned = planOf(ctx).nodes.find((n) => n.node === ops.name)?.files ?? [];
  for (const file of ctx.desired[ops.name] ?? []) {
    const afterSha = planned.find((f) => f.role === file.role)?.afterSha;
    if ((await ops.sha(file.path)) === afterSha) {
      await rec.log(`${file.path}: already the new version`);
      continue;
    }
    const candidate = candidatePath(file.path, ctx.rollout.id);
    if ((await ops.sha(candidate)) !== afterSha)
      throw new Error(`${candidate} is missing or not the validated file; nothing of it was installed`);
    const backup = await backupOnce(ops, file.path, ctx.rollout.id);
    await rec.log(
      `${file.path}: previous version ${backup === "absent" ? "did not exist" : `kept as ${backupPath(file.path, ctx.rollout.id)}`}`,
    );
    await ops.rename(candidate, file.path);
    if ((await ops.sha(file.path)) !== afterSha)
      throw new Error(`${file.path} does not read back as the new version after the rename`);
    await rec.log(`${file.path}: replaced atomically`);
  }
}

/**
 * Reloads (never restarts) HAProxy after saving the server states, and proves the reload with `show
 * proc`. A restore passes the dump taken before the rollout's reload: the previous config then starts
 * from the states (and addresses) it had.
 */
async function reloadAndConfirm(
  ctx: RolloutContext,
  ops: NodeOps,
  rec: StepRecorder,
  previousState?: string,
): Promise<void> {
  const before = await ops.showProc();
  await rec.remember({
    procBefore: before,
    healthBefore: rec.data.healthBefore ?? serverHealth(await ops.showStat()),
  });
  if (previousState !== undefined) {
    await ops.writeServerState(previousState);
    await rec.log(
      `server states from before the rollout put back; master ${before.masterPid}, reloads ${before.reloads}, failed ${before.failedReloads}`,
    );
  } else {
    const state = await ops.saveServerState();
    if (rec.data.stateBefore === undefined) await rec.remember({ stateBefore: state.dump });
    const moved =
      state.dropped.length > 0 ? `, without ${state.dropped.join(", ")} (moved by the new config)` : "";
    await rec.log(
      `server states saved (${state.servers} servers${moved}); master ${before.masterPid}, reloads ${before.reloads}, failed ${before.failedReloads}`,
    );
  }
  const result = await ops.reloadHaproxy();
  if (result.output) await rec.keep(`reload (exit ${result.exitCode})`, result.output);
  if (!result.ok)
    throw new Error(
      `the reload command failed on ${ops.name} (exit ${result.exitCode}): ${lastLines(result.output)}`,
    );
  const verdict = await until(ctx, `a new HAProxy worker on ${ops.name}`, RELOAD_CONFIRM_MS, async () => {
    const v = reloadVerdict(before, await ops.showProc());
    return v.state === "waiting" ? null : v;
  });
  if (verdict.state === "failed") throw new Error(`${ops.name}: ${verdict.reason}`);
  if (verdict.state === "done")
    await rec.log(`reloaded: new worker ${verdict.workers.join(", ")}, no failed reload`);
}

export async function reloadHaproxy(
  ctx: RolloutContext,
  step: RolloutStepView,
  rec: StepRecorder,
): Promise<void> {
  await reloadAndConfirm(ctx, nodeOps(ctx, step.node), rec);
}

/** What the rollout's first reload on the node recorded before it ran: server health and the state dump. */
function beforeReload(
  ctx: RolloutContext,
  node: string,
): { health: ServerHealth; state: string | undefined; reloadedAt: number } | null {
  const reload = ctx.run.steps.find((s) => s.kind === "reload-haproxy" && s.node === node);
  if (!reload) return null;
  const data = reloadDataOf(ctx.rollout.id, reload);
  const finished = reload.finishedAt ? Date.parse(reload.finishedAt) : ctx.clock.now();
  return data.healthBefore
    ? { health: data.healthBefore, state: data.stateBefore, reloadedAt: finished }
    : null;
}

/** Waits out the health checks' fall time, then every server that took traffic before must again. */
async function backendsAsBefore(
  ctx: RolloutContext,
  ops: NodeOps,
  before: ServerHealth,
  reloadedAt: number,
  rec: StepRecorder,
): Promise<void> {
  const settle = healthSettleMs(ctx.definition);
  const wait = reloadedAt + settle - ctx.clock.now();
  await rec.log(`waiting ${Math.max(0, Math.round(wait / 100) / 10)} s for the health checks to settle`);
  if (wait > 0) await ctx.clock.sleep(wait, ctx.signal);
  let lost: string[] = [];
  try {
    await until(ctx, `backends on ${ops.name} as healthy as before`, settle, async () => {
      lost = lostServers(before, serverHealth(await ops.showStat()));
      return lost.length === 0 ? true : null;
    });
  } catch (error) {
    const rows = await ops.showStat().catch(() => []);
    await rec.keep(
      "show stat (servers)",
      rows
        .filter((r) => r.type === "server")
        .map((r) => `${r.proxy}/${r.name} ${r.status} ${r.checkStatus ?? ""} ${r.checkDescription ?? ""}`)
        .join("\n"),
    );
    throw new Error(
      `servers up before the reload are not up on ${ops.name}: ${lost.join(", ") || errorMessage(error)}`,
    );
  }
  const up = Object.values(before).filter(Boolean).length;
  await rec.log(`all ${up} server(s) that were up before are up`);
}

export async function checkBackends(
  ctx: RolloutContext,
  step: RolloutStepView,
  rec: StepRecorder,
): Promise<void> {
  const ops = nodeOps(ctx, step.node);
  const before = beforeReload(ctx, ops.name);
  if (!before) throw new Error(`no health recorded before ${ops.name}'s reload`);
  await backendsAsBefore(ctx, ops, before.health, before.reloadedAt, rec);
}

export async function reloadKeepalived(
  ctx: RolloutContext,
  step: RolloutStepView,
  rec: StepRecorder,
): Promise<void> {
  await reloadKeepalivedOn(ctx, nodeOps(ctx, step.node), rec);
}

/** Puts the previous files back from the numbered backups, reloads what they feed and verifies it the same way. */
export async function restore(ctx: RolloutContext, step: RolloutStepView, rec: StepRecorder): Promise<void> {
  const ops = nodeOps(ctx, step.node);
  const planned = planOf(ctx).nodes.find((n) => n.node === ops.name)?.files ?? [];
  const restored = new Set<FileRole>();
  for (const file of planned) {
    if ((await ops.sha(file.path)) === file.beforeSha) continue;
    if (file.beforeSha === null) {
      await ops.remove([file.path]);
      await rec.log(`${file.path}: removed (it did not exist before)`);
    } else {
      const backup = backupPath(file.path, ctx.rollout.id);
      if (!(await ops.exists(backup))) throw new Error(`${backup} is missing: cannot restore ${file.path}`);
      const temp = `${candidatePath(file.path, ctx.rollout.id)}-restore`;
      await ops.copy(backup, temp);
      await ops.rename(temp, file.path);
      if ((await ops.sha(file.path)) !== file.beforeSha)
        throw new Error(`${file.path} does not read back as the previous version`);
      await rec.log(`${file.path}: previous version restored from ${backup}`);
    }
    restored.add(file.role);
  }
  const mine = ctx.run.steps.filter((s) => s.node === ops.name && s.index < step.index);
  const started = (kind: string) => mine.some((s) => s.kind === kind && s.status !== "pending");
  const before = beforeReload(ctx, ops.name);
  if (restored.has("haproxy.cfg") || started("reload-haproxy")) {
    await reloadAndConfirm(ctx, ops, rec, before?.state);
    if (before) await backendsAsBefore(ctx, ops, before.health, ctx.clock.now(), rec);
  }
  if (
    restored.has("keepalived.conf") ||
    started("reload-keepalived") ||
    started("failover") ||
    started("failback")
  )
    await reloadKeepalivedOn(ctx, ops, rec);
  if (restored.size === 0) await rec.log("the node already held its previous files");
}
