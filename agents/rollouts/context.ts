/** Everything a rollout's steps work with: the revision's files, the nodes, the steps in memory, the clock. */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { DEFAULT_KEEP_BACKUPS } from "@/lib/cluster/schema/rollout";
import { candidateFiles, desiredFiles } from "@/lib/rollout/files";
import type { DesiredFile, RolloutPlan, RolloutView } from "@/lib/rollout/types";
import type { Clock } from "../runtime/clock";
import type { RolloutEnv } from "./env";
import type { NodeOps } from "../runtime/node-ops";
import type { RolloutRun } from "./run";
import { errorMessage } from "@/lib/error-message";

export interface RolloutContext {
  rollout: RolloutView;
  run: RolloutRun;
  definition: ClusterDefinition;
  desired: Record<string, DesiredFile[]>;
  nodes: Record<string, NodeOps>;
  /** path → PEM of the certificates hapair holds that the revision names. */
  certificates: Record<string, string>;
  signal: AbortSignal;
  clock: Clock;
  probeVip: RolloutEnv["probeVip"];
}

/** The rollout's steps (loaded already) with its revision and nodes; throws why the nodes cannot be worked on. */
export async function loadContext(
  env: RolloutEnv,
  run: RolloutRun,
  signal: AbortSignal,
): Promise<RolloutContext> {
  const { rollout } = run;
  const { definition, nodes, certificates = {} } = await env.openNodes(rollout, signal);
  return {
    rollout,
    run,
    definition,
    desired: desiredFiles(definition),
    nodes,
    certificates,
    signal,
    clock: env.clock,
    probeVip: env.probeVip,
  };
}

export function nodeOps(ctx: Pick<RolloutContext, "nodes" | "rollout">, name: string | null): NodeOps {
  const ops = name ? ctx.nodes[name] : undefined;
  if (!ops) throw new Error(`no node ${name ?? "(none)"} in revision ${ctx.rollout.revision}`);
  return ops;
}

/** The candidates a rollout left beside the targets are removed when it ends, however it ends (best effort: a node may be down). */
export async function removeCandidates(ctx: RolloutContext): Promise<void> {
  await Promise.all(
    Object.values(ctx.nodes).map((ops) =>
      ops
        .remove((ctx.desired[ops.name] ?? []).flatMap((f) => candidateFiles(f.path, ctx.rollout.id)))
        .catch(() => undefined),
    ),
  );
}

/**
 * After a successful rollout: each node keeps the newest `rollout.keepBackups` numbered backups per
 * file. A node that cannot be pruned now is pruned after the next rollout; the rollout has succeeded.
 */
export async function pruneBackups(ctx: RolloutContext): Promise<void> {
  const keep = ctx.definition.rollout?.keepBackups ?? DEFAULT_KEEP_BACKUPS;
  await Promise.all(
    Object.values(ctx.nodes).map(async (ops) => {
      for (const file of ctx.desired[ops.name] ?? [])
        await ops
          .pruneBackups(file.path, keep)
          .catch((error: unknown) =>
            console.error(
              `[rollout ${ctx.rollout.id}] pruning backups of ${file.path} on ${ops.name}: ${String(error)}`,
            ),
          );
    }),
  );
}

export function planOf(ctx: RolloutContext): RolloutPlan {
  if (!ctx.rollout.plan) throw new Error("the rollout has no plan");
  return ctx.rollout.plan;
}

export function sides(plan: RolloutPlan): { backup: string; master: string } {
  const backup = plan.nodes.find((n) => n.side === "backup")?.node;
  const master = plan.nodes.find((n) => n.side === "master")?.node;
  if (!backup || !master) throw new Error("the plan names no backup or master");
  return { backup, master };
}

export async function until<T>(
  ctx: Pick<RolloutContext, "clock" | "signal">,
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null>,
): Promise<T> {
  const { clock, signal } = ctx;
  const deadline = clock.now() + timeoutMs;
  let last = "";
  for (;;) {
    signal.throwIfAborted();
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      last = errorMessage(error);
    }
    if (clock.now() > deadline)
      throw new Error(
        `${what}: not within ${Math.round(timeoutMs / 1000)} s${last ? ` (last error: ${last})` : ""}`,
      );
    await clock.sleep(300, signal);
  }
}
