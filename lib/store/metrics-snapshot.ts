/** Reads what /api/metrics exports: per cluster the newest observation per node, counts by outcome. */
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { MetricsCluster, MetricsSnapshot } from "@/lib/metrics/snapshot";
import { parsePollDurations } from "@/lib/metrics/poll-durations";
import { declaredServers } from "@/lib/status/declared-servers";
import { observationOfRow } from "./observation-row";

const counts = (rows: { key: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.n]));

async function clusterMetrics(db: Database, clusterId: string): Promise<MetricsCluster | null> {
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    include: { revisions: { orderBy: { number: "desc" }, take: 1 }, nodes: true },
  });
  const parsed = clusterDefinitionSchema.safeParse(cluster?.revisions[0]?.spec);
  if (!cluster || !parsed.success) return null;
  const definition = parsed.data;
  const nodes = await Promise.all(
    definition.nodes.map(async (node) => {
      const row = cluster.nodes.find((n) => n.name === node.name);
      const [newest, good] = row
        ? await Promise.all([
            db.nodeObservation.findFirst({ where: { nodeId: row.id }, orderBy: { at: "desc" } }),
            db.nodeObservation.findFirst({
              where: { nodeId: row.id, reachable: true },
              orderBy: { at: "desc" },
              select: { at: true },
            }),
          ])
        : [null, null];
      return {
        name: node.name,
        priority: node.priority,
        observation: newest ? observationOfRow(newest) : null,
        lastGoodPollAt: good?.at ?? null,
        pollDurations: row ? parsePollDurations(row.pollDurations) : null,
      };
    }),
  );
  const [firing, rollouts, drills] = await Promise.all([
    db.alertIncident.groupBy({ by: ["rule"], where: { clusterId, state: "firing" }, _count: { _all: true } }),
    db.rollout.groupBy({ by: ["status"], where: { clusterId }, _count: { _all: true } }),
    db.drill.groupBy({ by: ["status"], where: { clusterId }, _count: { _all: true } }),
  ]);
  return {
    name: cluster.name,
    vips: definition.vips.map((vip) => vip.address),
    nodes,
    declared: declaredServers(definition),
    firingByRule: counts(firing.map((r) => ({ key: r.rule, n: r._count._all }))),
    rolloutsByOutcome: counts(rollouts.map((r) => ({ key: r.status, n: r._count._all }))),
    drillsByOutcome: counts(drills.map((r) => ({ key: r.status, n: r._count._all }))),
  };
}

export async function metricsSnapshot(db: Database, now = new Date()): Promise<MetricsSnapshot> {
  const ids = await db.cluster.findMany({ select: { id: true }, orderBy: { name: "asc" } });
  const clusters = (await Promise.all(ids.map((c) => clusterMetrics(db, c.id)))).filter(
    (c): c is MetricsCluster => c !== null,
  );
  const deliveries = await db.alertDelivery.groupBy({ by: ["status"], _count: { _all: true } });
  return {
    now,
    clusters,
    deliveriesByResult: counts(deliveries.map((r) => ({ key: r.status, n: r._count._all }))),
  };
}
