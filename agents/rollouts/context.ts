/** Everything a rollout's steps work with: the revision's files, the nodes, the order, the recorder. */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { DEFAULT_KEEP_BACKUPS } from "@/lib/cluster/schema/rollout";
import type { Database } from "@/lib/db/client";
import { candidateFiles, desiredFiles } from "@/lib/rollout/files";
import type { DesiredFile, LogLine, RolloutPlan, RolloutView } from "@/lib/rollout/types";
import type { SshPool } from "@/lib/ssh";
import { revisionDefinition } from "@/lib/store/revisions";
import { markStep } from "@/lib/store/rollouts";
import { nodeTargetOrReason } from "../runtime/node-target";
import { NodeOps } from "./node-ops";

export interface RolloutContext {
  db: Database;
  rollout: RolloutView;
  definition: ClusterDefinition;
  desired: Record<string, DesiredFile[]>;
  nodes: Record<string, NodeOps>;
  signal: AbortSignal;
}

export async function loadContext(
  db: Database,
  pool: SshPool,
  rollout: RolloutView,
  signal: AbortSignal,
): Promise<RolloutContext> {
  const found = await revisionDefinition(db, rollout.clusterId, rollout.revision);
  if (!found)
    throw new Error(`revision ${rollout.revision} cannot be read (gone, or its secrets cannot be opened)`);
  const { definition, nodeIds, pins } = found;
  const nodes: Record<string, NodeOps> = {};
  for (const node of definition.nodes) {
    const target = nodeTargetOrReason(nodeIds[node.name], node, pins[node.name] ?? null);
    if (typeof target === "string") throw new Error(`${node.name}: ${target}`);
    nodes[node.name] = new NodeOps(pool, node.name, target, definition, signal);
  }
  return { db, rollout, definition, desired: desiredFiles(definition), nodes, signal };
}

export function nodeOps(ctx: RolloutContext, name: string | null): NodeOps {
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

/** A running step's log, output and self-check data, written to the database as they grow. */
export class StepRecorder {
  readonly lines: LogLine[];
  output: string;
  data: Record<string, unknown>;

  constructor(
    private readonly db: Database,
    private readonly rolloutId: number,
    readonly index: number,
    previous: { log: LogLine[]; output: string; data: unknown },
  ) {
    this.lines = [...previous.log];
    this.output = previous.output;
    this.data = (typeof previous.data === "object" && previous.data !== null ? previous.data : {}) as Record<
      string,
      unknown
    >;
  }

  async log(line: string): Promise<void> {
    this.lines.push({ at: new Date().toISOString(), line });
    await markStep(this.db, this.rolloutId, this.index, { status: "running", log: this.lines });
  }

  async keep(title: string, text: string): Promise<void> {
    this.output = `${this.output}${this.output ? "\n\n" : ""}== ${title}\n${text}`;
    await markStep(this.db, this.rolloutId, this.index, { status: "running", output: this.output });
  }

  /** Written before the action it describes, so a restarted agent can tell whether the action happened. */
  async remember(values: Record<string, unknown>): Promise<void> {
    Object.assign(this.data, values);
    await markStep(this.db, this.rolloutId, this.index, { status: "running", data: this.data });
  }
}

export async function until<T>(
  what: string,
  timeoutMs: number,
  signal: AbortSignal,
  probe: () => Promise<T | null>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  for (;;) {
    signal.throwIfAborted();
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline)
      throw new Error(
        `${what}: not within ${Math.round(timeoutMs / 1000)} s${last ? ` (last error: ${last})` : ""}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}
