/** Reads a cluster's traffic chart points and the moments to mark on them (VIP moves, rollouts, drills). */
import type { Database } from "@/lib/db/client";
import type { SeriesValue, TrafficPoint } from "@/lib/traffic/rates";
import { bucketMeans } from "@/lib/traffic/rollup";
import { TRAFFIC_RANGES, type ClusterTraffic, type TrafficMark, type TrafficRange } from "@/lib/traffic/view";

const MAX_MARKS = 200;

export async function getClusterTraffic(
  db: Database,
  clusterId: string,
  range: TrafficRange,
  now = Date.now(),
): Promise<ClusterTraffic | null> {
  const { ms, step, bucketMs } = TRAFFIC_RANGES[range];
  const from = new Date(now - ms);
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    select: {
      nodes: { select: { id: true, name: true }, orderBy: { name: "asc" } },
      events: {
        where: { kind: "vip", at: { gte: from }, message: { contains: "acquired" } },
        orderBy: { at: "desc" },
        take: MAX_MARKS,
        select: { at: true, message: true },
      },
      rollouts: {
        where: { startedAt: { gte: from } },
        orderBy: { id: "desc" },
        take: MAX_MARKS,
        select: { id: true, startedAt: true, status: true },
      },
      drills: {
        where: { startedAt: { gte: from } },
        orderBy: { id: "desc" },
        take: MAX_MARKS,
        select: { id: true, startedAt: true, mode: true, status: true },
      },
    },
  });
  if (!cluster) return null;
  const nodes = await Promise.all(
    cluster.nodes.map(async (node) => {
      const rows = await db.trafficSample.findMany({
        where: { nodeId: node.id, step, at: { gte: from } },
        orderBy: { at: "asc" },
        select: { at: true, data: true },
      });
      const points = rows.flatMap((row) => {
        const values = parseValues(row.data);
        return values ? [{ at: row.at.getTime(), values }] : [];
      });
      return { name: node.name, points: bucketMs ? bucketMeans(points, bucketMs) : points };
    }),
  );
  const marks: TrafficMark[] = [
    ...cluster.events.map((e) => ({ at: e.at.getTime(), kind: "vip" as const, label: e.message })),
    ...cluster.rollouts.flatMap((r) =>
      r.startedAt
        ? [{ at: r.startedAt.getTime(), kind: "rollout" as const, label: `rollout #${r.id} (${r.status})` }]
        : [],
    ),
    ...cluster.drills.flatMap((d) =>
      d.startedAt
        ? [
            {
              at: d.startedAt.getTime(),
              kind: "drill" as const,
              label: `${d.mode} drill #${d.id} (${d.status})`,
            },
          ]
        : [],
    ),
  ].sort((a, b) => a.at - b.at);
  return { range, from: from.getTime(), to: now, nodes, marks };
}

/** A row's data as the agents wrote it; anything else is skipped rather than charted. */
function parseValues(data: string): TrafficPoint["values"] | null {
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed !== "object" || parsed === null) return null;
    const values: Record<string, SeriesValue> = {};
    for (const [key, value] of Object.entries(parsed))
      if (Array.isArray(value) && value.length === 4 && value.every((x) => typeof x === "number"))
        values[key] = value as SeriesValue;
    return values;
  } catch {
    return null;
  }
}
