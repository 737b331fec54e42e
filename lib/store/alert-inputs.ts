/** What the alert evaluator reads each round: every cluster's subject, newest observations and VIP moves. */
import { alertSubject } from "@/lib/alerts/subject";
import type { AlertInput, AlertSubject } from "@/lib/alerts/types";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { NodeObservation } from "@/lib/status/observation";
import { certificateFactsByCluster } from "./certificates";
import { ImmutableRowCache } from "./immutable-row-cache";
import { newestObservations } from "./newest-observations";
import type { ArpTruth } from "@/lib/status/arp-truth";
import { arpTruthOfColumn } from "./arp-truth";
import { otherClustersByVrid } from "@/lib/alerts/other-clusters";

/** Ids per statement, under SQLite's 999 parameters. */
const IDS_PER_STATEMENT = 500;

export interface ClusterSubject {
  clusterId: string;
  subject: AlertSubject;
  nodeIds: Record<string, string>;
  /** The newest ARP truth reading, when the cluster has `arpCheck`. */
  arp?: ArpTruth;
}

/** What the rules read of a revision (a revision never changes): kept by revision id. */
export type SubjectCache = ImmutableRowCache<string, { subject: AlertSubject; arpCheck: boolean } | null>;

export const subjectCache = (): SubjectCache => new ImmutableRowCache(2_000);

/**
 * Latest revision of every cluster, reduced to what the rules read (secrets are never needed). Only
 * revisions not in `cache` are fetched and parsed: 500 definitions parsed with zod every few seconds
 * were a tenth of a second each time (scripts/bench/alert-rounds.ts).
 */
export async function clusterSubjects(
  db: Database,
  cache: SubjectCache = subjectCache(),
): Promise<ClusterSubject[]> {
  const clusters = await db.cluster.findMany({
    select: {
      id: true,
      arpTruth: true,
      nodes: { select: { id: true, name: true } },
      revisions: { orderBy: { number: "desc" }, take: 1, select: { id: true } },
    },
  });
  const latest = clusters.flatMap((cluster) => cluster.revisions.map((revision) => revision.id));
  const missing = latest.filter((id) => !cache.has(id));
  for (let from = 0; from < missing.length; from += IDS_PER_STATEMENT) {
    const rows = await db.clusterRevision.findMany({
      where: { id: { in: missing.slice(from, from + IDS_PER_STATEMENT) } },
      select: { id: true, spec: true },
    });
    for (const row of rows) {
      const parsed = clusterDefinitionSchema.safeParse(row.spec);
      cache.set(
        row.id,
        parsed.success
          ? { subject: alertSubject(parsed.data), arpCheck: Boolean(parsed.data.arpCheck) }
          : null,
      );
    }
  }
  return clusters.flatMap((cluster) => {
    const read = cluster.revisions[0] ? cache.get(cluster.revisions[0].id) : undefined;
    if (!read) return [];
    const arp = read.arpCheck ? arpTruthOfColumn(cluster.arpTruth) : undefined;
    return [
      {
        clusterId: cluster.id,
        subject: read.subject,
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
  const [observed, moves, certificates] = await Promise.all([
    newestObservations(
      db,
      clusters.flatMap((c) =>
        c.subject.nodes.flatMap(({ name }) => (c.nodeIds[name] ? [{ id: c.nodeIds[name], name }] : [])),
      ),
      { adverts: true },
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
  const others = otherClustersByVrid(all);
  return clusters.map((cluster) => {
    const observations: Record<string, NodeObservation | undefined> = {};
    for (const { name } of cluster.subject.nodes) {
      const observation = observed.get(cluster.nodeIds[name] ?? "");
      if (observation) observations[name] = observation;
    }
    const since = windowOf(cluster);
    const pushed = lastPushed.get(cluster.clusterId);
    return {
      subject: cluster.subject,
      observations,
      certificates: certificates.get(cluster.clusterId) ?? [],
      now,
      vipMoves: (movesOf.get(cluster.clusterId) ?? []).filter((at) => at >= since),
      otherClusters: others(cluster),
      ...(pushed ? { lastPushed: pushed } : {}),
      ...(cluster.arp ? { arp: cluster.arp } : {}),
    };
  });
}
