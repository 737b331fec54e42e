import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import { deriveClusterStatus, type ClusterHealth } from "@/lib/status/cluster-status";
import type { NodeObservation } from "@/lib/status/observation";
import { STALE_AFTER_MS } from "./cluster-live";
import { newestObservationRows } from "./newest-observations";
import { observationOfRow } from "./observation-row";

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

/** What the list needs of a revision: revisions never change, so each is parsed once per process. */
type Shape = { nodes: string[]; vips: string[] } | null;
const shapes = new Map<string, Shape>();
const SHAPES_KEPT = 10_000;

function shapeOf(revision: { id: string; spec: unknown } | undefined): Shape {
  if (!revision) return null;
  const known = shapes.get(revision.id);
  if (known !== undefined) return known;
  const parsed = clusterDefinitionSchema.safeParse(revision.spec);
  const shape = parsed.success
    ? { nodes: parsed.data.nodes.map((n) => n.name), vips: parsed.data.vips.map((v) => v.address) }
    : null;
  if (shapes.size >= SHAPES_KEPT) shapes.clear();
  shapes.set(revision.id, shape);
  return shape;
}

/**
 * Every cluster's row, in three statements whatever the count (clusters with their newest revision and
 * nodes, then every node's newest observation): the same status as the cluster page (getClusterLive).
 */
export async function listClusterSummaries(db: Database, now = new Date()): Promise<ClusterSummary[]> {
  const clusters = await db.cluster.findMany({
    orderBy: { name: "asc" },
    include: {
      nodes: { orderBy: { name: "asc" }, select: { id: true, name: true, hostKeyStatus: true } },
      revisions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true, spec: true } },
    },
  });
  const rows = await newestObservationRows(
    db,
    clusters.flatMap((cluster) => cluster.nodes.map((node) => node.id)),
  );
  return clusters.map((cluster) => {
    const shape = shapeOf(cluster.revisions[0]);
    const observations: Record<string, NodeObservation | undefined> = {};
    for (const node of cluster.nodes) {
      const row = rows.get(node.id);
      if (row) observations[node.name] = observationOfRow(row, node.name);
    }
    const status = shape
      ? deriveClusterStatus({ ...shape, observations, now, staleAfterMs: STALE_AFTER_MS })
      : null;
    return {
      id: cluster.id,
      name: cluster.name,
      nodes: cluster.nodes,
      revision: cluster.revisions[0]?.number ?? null,
      updatedAt: cluster.updatedAt.toISOString(),
      health: status?.health ?? "unknown",
      holder: status?.holder ?? null,
      vips: shape?.vips ?? [],
    };
  });
}
