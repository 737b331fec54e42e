/** What the alert evaluator reads each round: every cluster's subject, newest observations and VIP moves. */
import { alertSubject } from "@/lib/alerts/subject";
import type { AlertInput, AlertSubject } from "@/lib/alerts/types";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { NodeObservation } from "@/lib/status/observation";
import { certificateFacts } from "./certificates";
import { observationOfRow } from "./observation-row";

export interface ClusterSubject {
  clusterId: string;
  subject: AlertSubject;
  nodeIds: Record<string, string>;
}

/** Latest revision of every cluster, reduced to what the rules read (secrets are never needed). */
export async function clusterSubjects(db: Database): Promise<ClusterSubject[]> {
  const clusters = await db.cluster.findMany({
    include: { revisions: { orderBy: { number: "desc" }, take: 1 }, nodes: true },
  });
  return clusters.flatMap((cluster) => {
    const parsed = clusterDefinitionSchema.safeParse(cluster.revisions[0]?.spec);
    if (!parsed.success) return [];
    return [
      {
        clusterId: cluster.id,
        subject: alertSubject(parsed.data),
        nodeIds: Object.fromEntries(cluster.nodes.map((n) => [n.name, n.id])),
      },
    ];
  });
}

export async function alertInput(
  db: Database,
  cluster: ClusterSubject,
  all: ClusterSubject[],
  now: number,
  lastPushed?: Record<string, Record<string, string>>,
): Promise<AlertInput> {
  const observations: Record<string, NodeObservation | undefined> = {};
  await Promise.all(
    cluster.subject.nodes.map(async ({ name }) => {
      const nodeId = cluster.nodeIds[name];
      if (!nodeId) return;
      const row = await db.nodeObservation.findFirst({
        where: { nodeId },
        orderBy: { at: "desc" },
        select: { at: true, data: true, adverts: true },
      });
      if (row) observations[name] = observationOfRow(row, name);
    }),
  );
  const windowStart = new Date(now - cluster.subject.settings.flapping.windowMinutes * 60_000);
  const moves = await db.clusterEvent.findMany({
    where: {
      clusterId: cluster.clusterId,
      kind: "vip",
      at: { gte: windowStart },
      message: { contains: "acquired VIP" },
    },
    select: { at: true },
  });
  return {
    subject: cluster.subject,
    observations,
    certificates: await certificateFacts(db, cluster.clusterId),
    now,
    vipMoves: moves.map((m) => m.at.getTime()),
    otherClusters: all
      .filter((other) => other.clusterId !== cluster.clusterId)
      .map((other) => ({
        name: other.subject.name,
        virtualRouterId: other.subject.virtualRouterId,
        segments: other.subject.segments,
      })),
    ...(lastPushed ? { lastPushed } : {}),
  };
}
