/** What the alert evaluator reads each round: every cluster's subject, newest observations and VIP moves. */
import { alertSubject } from "@/lib/alerts/subject";
import type { AlertInput, AlertSubject } from "@/lib/alerts/types";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { NodeObservation } from "@/lib/status/observation";
import { certificateFactsByCluster } from "./certificates";
import { newestObservationRows } from "./newest-observation-rows";
import type { ArpTruth } from "@/lib/status/arp-truth";
import { arpTruthOfColumn } from "./arp-truth";
import { observationOfRow } from "./observation-row";

export interface ClusterSubject {
  clusterId: string;
  subject: AlertSubject;
  nodeIds: Record<string, string>;
  /** The newest ARP truth reading, when the cluster has `arpCheck`. */
  arp?: ArpTruth;
}

/** Latest revision of every cluster, reduced to what the rules read (secrets are never needed). */
export async function clusterSubjects(db: Database): Promise<ClusterSubject[]> {
  const clusters = await db.cluster.findMany({
    include: { revisions: { orderBy: { number: "desc" }, take: 1 }, nodes: true },
  });
  return clusters.flatMap((cluster) => {
    const parsed = clusterDefinitionSchema.safeParse(cluster.revisions[0]?.spec);
    if (!parsed.success) return [];
    const arp = parsed.data.arpCheck ? arpTruthOfColumn(cluster.arpTruth) : undefined;
    return [
      {
        clusterId: cluster.id,
        subject: alertSubject(parsed.data),
        nodeIds: Object.fromEntries(cluster.nodes.map((n) => [n.name, n.id])),
        ...(arp ? { arp } : {}),
      },
    ];
  });
}

/** One cluster's input (alertInputs for one). */
export async function alertInput(
  db: Database,
  cluster: ClusterSubject,
  all: ClusterSubject[],
  now: number,
  lastPushed?: Record<string, Record<string, string>>,
): Promise<AlertInput> {
  const pushed = new Map(lastPushed ? [[cluster.clusterId, lastPushed]] : []);
  const [input] = await alertInputs(db, [cluster], all, now, pushed);
  if (!input) throw new Error("alertInputs answered no input for the cluster");
  return input;
}

/**
 * Every listed cluster's input in four statements whatever the count (newest observations, VIP moves,
 * certificates): a round of 500 clusters read per cluster and node cost seconds (scripts/bench/scale.ts).
 */
export async function alertInputs(
  db: Database,
  clusters: readonly ClusterSubject[],
  all: readonly ClusterSubject[],
  now: number,
  lastPushed: ReadonlyMap<string, Record<string, Record<string, string>>> = new Map(),
): Promise<AlertInput[]> {
  if (clusters.length === 0) return [];
  const clusterIds = clusters.map((c) => c.clusterId);
  const windowOf = (c: ClusterSubject) => now - c.subject.settings.flapping.windowMinutes * 60_000;
  const [rows, moves, certificates] = await Promise.all([
    newestObservationRows(
      db,
      clusters.flatMap((c) => c.subject.nodes.flatMap(({ name }) => c.nodeIds[name] ?? [])),
    ),
    db.clusterEvent.findMany({
      where: {
        clusterId: { in: clusterIds },
        kind: "vip",
        at: { gte: new Date(Math.min(...clusters.map(windowOf))) },
        message: { contains: "acquired VIP" },
      },
      select: { clusterId: true, at: true },
    }),
    certificateFactsByCluster(db, clusterIds),
  ]);
  const movesOf = new Map<string, number[]>();
  for (const move of moves)
    movesOf.set(move.clusterId, [...(movesOf.get(move.clusterId) ?? []), move.at.getTime()]);
  const others = all.map((other) => ({
    clusterId: other.clusterId,
    view: {
      name: other.subject.name,
      virtualRouterId: other.subject.virtualRouterId,
      segments: other.subject.segments,
    },
  }));
  return clusters.map((cluster) => {
    const observations: Record<string, NodeObservation | undefined> = {};
    for (const { name } of cluster.subject.nodes) {
      const row = rows.get(cluster.nodeIds[name] ?? "");
      if (row) observations[name] = observationOfRow(row, name);
    }
    const since = windowOf(cluster);
    const pushed = lastPushed.get(cluster.clusterId);
    return {
      subject: cluster.subject,
      observations,
      certificates: certificates.get(cluster.clusterId) ?? [],
      now,
      vipMoves: (movesOf.get(cluster.clusterId) ?? []).filter((at) => at >= since),
      otherClusters: others.filter((o) => o.clusterId !== cluster.clusterId).map((o) => o.view),
      ...(pushed ? { lastPushed: pushed } : {}),
      ...(cluster.arp ? { arp: cluster.arp } : {}),
    };
  });
}
