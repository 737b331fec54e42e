import type { Database } from "@/lib/db/client";
import type { ClusterHealth } from "@/lib/status/cluster-status";
import { getClusterLive } from "./cluster-live";

/** What the cluster list shows: one row per cluster, no secrets. */
export interface ClusterSummary {
  id: string;
  name: string;
  nodes: { id: string; name: string; hostKeyStatus: string }[];
  revision: number | null;
  updatedAt: string;
  health: ClusterHealth;
  holder: string | null;
  vips: string[];
}

export async function listClusterSummaries(db: Database): Promise<ClusterSummary[]> {
  const clusters = await db.cluster.findMany({
    orderBy: { name: "asc" },
    include: {
      nodes: { orderBy: { name: "asc" }, select: { id: true, name: true, hostKeyStatus: true } },
      revisions: { orderBy: { number: "desc" }, take: 1, select: { number: true } },
    },
  });
  const lives = await Promise.all(clusters.map((cluster) => getClusterLive(db, cluster.id)));
  return clusters.map((cluster, index) => ({
    id: cluster.id,
    name: cluster.name,
    nodes: cluster.nodes,
    revision: cluster.revisions[0]?.number ?? null,
    updatedAt: cluster.updatedAt.toISOString(),
    health: lives[index]?.status.health ?? "unknown",
    holder: lives[index]?.status.holder ?? null,
    vips: lives[index]?.vips ?? [],
  }));
}
