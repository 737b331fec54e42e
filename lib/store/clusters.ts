/**
 * The overview's read (`GET /api/clusters`, every second per open dashboard): every cluster in a fixed
 * number of queries, however many there are. Revisions never change, so their specs are fetched and
 * parsed once per revision, not per request.
 */
import { clusterDefinitionSchema, type ClusterDefinition } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import { deriveClusterStatus, type ClusterHealth } from "@/lib/status/cluster-status";
import type { NodeObservation } from "@/lib/status/observation";
import { DASHBOARD_STALE_AFTER_MS } from "@/lib/timing";
import { ImmutableRowCache } from "./immutable-row-cache";
import { newestObservations } from "./newest-observations";

/** What the cluster list shows: one row per cluster, no secrets. */
export interface ClusterSummary {
  id: string;
  name: string;
  nodes: {
    id: string;
    name: string;
    hostKeyStatus: string;
    address: string | null;
    sshHost: string | null;
  }[];
  revision: number | null;
  updatedAt: string;
  /** The newest timeline event's time, or the definition's last change when later (or no event yet). */
  lastChangeAt: string;
  health: ClusterHealth;
  /** The status's first reason ("VIP held by lb-01 and lb-02"); null when healthy. */
  reason: string | null;
  holder: string | null;
  vips: string[];
}

/** What the overview reads of a revision's definition. */
interface SpecFacts {
  nodes: string[];
  vips: string[];
  addresses: Map<string, { address: string; sshHost: string }>;
}

const specFacts = new ImmutableRowCache<string, SpecFacts | null>(2_000);

function factsOf(definition: ClusterDefinition): SpecFacts {
  return {
    nodes: definition.nodes.map((node) => node.name),
    vips: definition.vips.map((vip) => vip.address),
    addresses: new Map(definition.nodes.map((n) => [n.name, { address: n.address, sshHost: n.ssh.host }])),
  };
}

/** The facts of each revision id; an unreadable spec is null (the cluster reads as unknown). */
async function revisionFacts(db: Database, revisionIds: string[]): Promise<Map<string, SpecFacts | null>> {
  const missing = revisionIds.filter((id) => !specFacts.has(id));
  // In pieces under SQLite's 999 parameters (a first read after a restart fetches every revision).
  for (let from = 0; from < missing.length; from += 500) {
    const rows = await db.clusterRevision.findMany({
      where: { id: { in: missing.slice(from, from + 500) } },
      select: { id: true, spec: true },
    });
    for (const row of rows) {
      const parsed = clusterDefinitionSchema.safeParse(row.spec);
      specFacts.set(row.id, parsed.success ? factsOf(parsed.data) : null);
    }
  }
  return new Map(revisionIds.map((id) => [id, specFacts.get(id) ?? null]));
}

export async function listClusterSummaries(db: Database, now = new Date()): Promise<ClusterSummary[]> {
  const clusters = await db.cluster.findMany({
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      updatedAt: true,
      nodes: { orderBy: { name: "asc" }, select: { id: true, name: true, hostKeyStatus: true } },
      revisions: { orderBy: { number: "desc" }, take: 1, select: { id: true, number: true } },
    },
  });
  const allNodes = clusters.flatMap((cluster) => cluster.nodes);
  const [facts, observed, lastEvents] = await Promise.all([
    revisionFacts(
      db,
      clusters.flatMap((cluster) => cluster.revisions.map((revision) => revision.id)),
    ),
    newestObservations(db, allNodes),
    db.clusterEvent.groupBy({ by: ["clusterId"], _max: { at: true } }),
  ]);
  const lastEvent = new Map(lastEvents.map((e) => [e.clusterId, e._max.at]));
  return clusters.map((cluster) => {
    const revision = cluster.revisions[0];
    const spec = revision ? facts.get(revision.id) : null;
    const byName = new Map(cluster.nodes.map((node) => [node.name, node.id]));
    const observations: Record<string, NodeObservation | undefined> = {};
    for (const name of spec?.nodes ?? []) {
      const id = byName.get(name);
      observations[name] = id ? observed.get(id) : undefined;
    }
    const status = spec
      ? deriveClusterStatus({
          nodes: spec.nodes,
          vips: spec.vips,
          observations,
          now,
          staleAfterMs: DASHBOARD_STALE_AFTER_MS,
        })
      : { health: "unknown" as const, holder: null, reasons: ["the latest revision cannot be read"] };
    const event = lastEvent.get(cluster.id);
    const lastChange = event && event > cluster.updatedAt ? event : cluster.updatedAt;
    return {
      id: cluster.id,
      name: cluster.name,
      nodes: cluster.nodes.map((node) => ({
        ...node,
        address: spec?.addresses.get(node.name)?.address ?? null,
        sshHost: spec?.addresses.get(node.name)?.sshHost ?? null,
      })),
      revision: revision?.number ?? null,
      updatedAt: cluster.updatedAt.toISOString(),
      lastChangeAt: lastChange.toISOString(),
      health: status.health,
      reason: status.health === "healthy" ? null : (status.reasons[0] ?? null),
      holder: status.holder,
      vips: spec?.vips ?? [],
    };
  });
}
