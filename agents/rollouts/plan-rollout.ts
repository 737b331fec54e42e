/** Plans a rollout from the files the nodes really hold (read over SSH), not from what hapair believes. */
import type { Database } from "@/lib/db/client";
import { rolloutOrder } from "@/lib/rollout/gate";
import { desiredFiles } from "@/lib/rollout/files";
import { buildPlan } from "@/lib/rollout/plan";
import type { RolloutPlan, RolloutView } from "@/lib/rollout/types";
import type { SshPool } from "@/lib/ssh";
import { lastPushed } from "@/lib/store/rollouts";
import { observeAll } from "./node-checks";
import { openSshNodes } from "./env";

export async function planRollout(
  db: Database,
  pool: SshPool,
  rollout: RolloutView,
  signal: AbortSignal,
): Promise<RolloutPlan> {
  const { definition, nodes } = await openSshNodes(db, pool, rollout, signal);
  const desired = desiredFiles(definition);
  const seen = await observeAll({ nodes });
  const unreachable = Object.values(seen).filter((o) => o && !o.reachable);
  if (unreachable.length > 0)
    throw new Error(
      unreachable.map((o) => `${o?.node} is unreachable: ${o?.error ?? "no answer"}`).join("; "),
    );
  const holders = Object.values(seen)
    .filter((o) => (o?.vipsHeld.length ?? 0) > 0)
    .map((o) => o?.node ?? "");
  const order = rolloutOrder(definition.nodes, holders.length === 1 ? (holders[0] ?? null) : null);
  const current: Record<string, Record<string, string | null>> = {};
  for (const ops of Object.values(nodes)) {
    const files: Record<string, string | null> = {};
    for (const file of desired[ops.name] ?? []) files[file.path] = await ops.readText(file.path);
    current[ops.name] = files;
  }
  return buildPlan({
    revision: rollout.revision,
    order,
    desired,
    current,
    lastPushed: await lastPushed(db, rollout.clusterId),
  });
}
