/** Runs pending server actions: each on both nodes at once, then the outcome and a timeline event. */
import type { Database } from "@/lib/db/client";
import type { ServerActionView } from "@/lib/runtime-api/server-action";
import type { SshPool } from "@/lib/ssh";
import { claimNextServerAction, finishServerAction } from "@/lib/store/server-actions";
import { latestDefinitions } from "@/lib/store/revisions";
import { nodeTargetOrReason } from "../runtime/node-target";
import { runtimeSpec } from "../runtime/server-state";
import { applyOnNode } from "./apply-on-node";
import { deadline } from "@/lib/deadline";

/** Both nodes' answers must arrive within this time; a node that is slower fails the action. */
export const ACTION_TIMEOUT_MS = 15_000;

export async function executeServerAction(
  db: Database,
  pool: SshPool,
  action: ServerActionView,
  signal?: AbortSignal,
): Promise<ServerActionView> {
  const cluster = (await latestDefinitions(db)).find((c) => c.clusterId === action.clusterId);
  if (!cluster) {
    const at = new Date().toISOString();
    return finishServerAction(db, action, [
      {
        node: "(cluster)",
        ok: false,
        error: "the cluster's definition is gone",
        stateSaved: false,
        at,
        durationMs: 0,
      },
    ]);
  }
  const { definition, nodeIds } = cluster;
  const pins = new Map(
    (await db.node.findMany({ where: { clusterId: action.clusterId } })).map((n) => [
      n.name,
      n.hostKeyFingerprint,
    ]),
  );
  const spec = runtimeSpec(definition);
  const { signal: nodeSignal, release } = deadline(ACTION_TIMEOUT_MS, signal);
  const results = await Promise.all(
    definition.nodes.map((node) =>
      applyOnNode(
        pool,
        {
          name: node.name,
          target: nodeTargetOrReason(nodeIds[node.name], node, pins.get(node.name) ?? null),
        },
        spec,
        action,
        nodeSignal,
      ),
    ),
  ).finally(release);
  return finishServerAction(db, action, results);
}

/** Claims and runs pending actions until none is left (the agents' loop step; tests call it too). */
export async function runPendingServerActions(
  db: Database,
  pool: SshPool,
  signal?: AbortSignal,
): Promise<ServerActionView[]> {
  const finished: ServerActionView[] = [];
  for (
    let action = await claimNextServerAction(db);
    action && !signal?.aborted;
    action = await claimNextServerAction(db)
  ) {
    finished.push(await executeServerAction(db, pool, action, signal));
  }
  return finished;
}
