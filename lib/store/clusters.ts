import type { Database } from "@/lib/db/client";

/** What the cluster list shows: one row per cluster, no secrets. */
export interface ClusterSummary {
  id: string;
  name: string;
  nodes: { id: string; name: string; hostKeyStatus: string }[];
  revision: number | null;
  updatedAt: string;
}

export async function listClusterSummaries(db: Database): Promise<ClusterSummary[]> {
  const clusters = await db.cluster.findMany({
    orderBy: { name: "asc" },
    include: {
      nodes: { orderBy: { name: "asc" }, select: { id: true, name: true, hostKeyStatus: true } },
      revisions: { orderBy: { number: "desc" }, take: 1, select: { number: true } },
    },
  });
  return clusters.map((cluster) => ({
    id: cluster.id,
    name: cluster.name,
    nodes: cluster.nodes,
    revision: cluster.revisions[0]?.number ?? null,
    updatedAt: cluster.updatedAt.toISOString(),
  }));
}
