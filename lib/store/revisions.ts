import { isDeepStrictEqual } from "node:util";
import type { Database } from "@/lib/db/client";
import { clusterDefinitionSchema, type ClusterDefinition } from "@/lib/cluster/definition";

export interface SavedRevision {
  clusterId: string;
  number: number;
  created: boolean;
}

/**
 * Saves a validated definition as the cluster's next immutable revision (creating the cluster on
 * first save) and brings the node rows in line: a fingerprint in the definition pins that node's key.
 * Saving a definition equal to the latest revision creates nothing.
 */
export async function saveClusterRevision(db: Database, definition: ClusterDefinition, author: string, message = ""): Promise<SavedRevision> {
  // Reads first, then a single write statement (or one short batch): an interactive transaction held
  // SQLite's write lock across awaits and timed out while the poller was writing observations.
  const pinned = (node: ClusterDefinition["nodes"][number]) => (node.hostKeyFingerprint ? { hostKeyFingerprint: node.hostKeyFingerprint, hostKeyStatus: "pinned" } : {});
  const cluster = await db.cluster.findUnique({ where: { name: definition.name }, include: { revisions: { orderBy: { number: "desc" }, take: 1 } } });
  if (!cluster) {
    // A new cluster, its first revision and its nodes in one nested write: never a cluster without a revision.
    const created = await db.cluster.create({
      data: {
        name: definition.name,
        revisions: { create: { number: 1, spec: definition, author, message } },
        nodes: { create: definition.nodes.map((node) => ({ name: node.name, ...pinned(node) })) },
      },
    });
    return { clusterId: created.id, number: 1, created: true };
  }
  const latest = cluster.revisions[0];
  if (latest && isDeepStrictEqual(latest.spec, definition)) return { clusterId: cluster.id, number: latest.number, created: false };
  // A concurrent save of the same number fails on the (clusterId, number) unique key instead of overwriting.
  const number = (latest?.number ?? 0) + 1;
  await db.$transaction([
    db.clusterRevision.create({ data: { clusterId: cluster.id, number, spec: definition, author, message } }),
    ...definition.nodes.map((node) =>
      db.node.upsert({
        where: { clusterId_name: { clusterId: cluster.id, name: node.name } },
        create: { clusterId: cluster.id, name: node.name, ...pinned(node) },
        update: pinned(node),
      }),
    ),
    db.cluster.update({ where: { id: cluster.id }, data: { updatedAt: new Date() } }),
  ]);
  return { clusterId: cluster.id, number, created: true };
}

/** The latest revision's definition of every cluster, for the agents. */
export async function latestDefinitions(db: Database): Promise<{ clusterId: string; definition: ClusterDefinition; nodeIds: Record<string, string> }[]> {
  const clusters = await db.cluster.findMany({
    include: { revisions: { orderBy: { number: "desc" }, take: 1 }, nodes: true },
  });
  return clusters.flatMap((cluster) => {
    const spec = cluster.revisions[0]?.spec;
    const parsed = clusterDefinitionSchema.safeParse(spec);
    if (!parsed.success) return [];
    return [{ clusterId: cluster.id, definition: parsed.data, nodeIds: Object.fromEntries(cluster.nodes.map((n) => [n.name, n.id])) }];
  });
}
