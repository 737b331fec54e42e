/** Reads one cluster's live view: definition, each node's newest observation, status, timeline. */
import { speakersPerVrid } from "@/lib/status/segment-speakers";
import type { ClusterLive } from "@/lib/status/cluster-live-view";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import { deriveClusterStatus } from "@/lib/status/cluster-status";
import { declaredServers } from "@/lib/status/declared-servers";
import type { NodeObservation } from "@/lib/status/observation";
import { viewChecksums } from "./checksum-view";
import { DASHBOARD_STALE_AFTER_MS } from "@/lib/timing";
import { observationOfRow } from "./observation-row";
import { arpTruthOfColumn } from "./arp-truth";
import { arpTruthView, type ArpView } from "@/lib/status/arp-truth-view";

/** An observation older than three poll intervals is stale: the node's state is unknown. */
export const STALE_AFTER_MS = DASHBOARD_STALE_AFTER_MS;
const TIMELINE_LENGTH = 50;

export async function getClusterLive(
  db: Database,
  clusterId: string,
  now = new Date(),
): Promise<ClusterLive | null> {
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    include: {
      revisions: { orderBy: { number: "desc" }, take: 1 },
      nodes: true,
      events: { orderBy: { id: "desc" }, take: TIMELINE_LENGTH },
    },
  });
  const parsed = clusterDefinitionSchema.safeParse(cluster?.revisions[0]?.spec);
  if (!cluster || !parsed.success) return null;
  const definition = parsed.data;
  const rows = await Promise.all(
    cluster.nodes.map((node) =>
      db.nodeObservation.findFirst({ where: { nodeId: node.id }, orderBy: { at: "desc" } }),
    ),
  );
  const observations: Record<string, NodeObservation | undefined> = {};
  cluster.nodes.forEach((node, index) => {
    const row = rows[index];
    if (row) observations[node.name] = observationOfRow(row, node.name);
  });
  const vips = definition.vips.map((vip) => vip.address);
  const status = deriveClusterStatus({
    nodes: definition.nodes.map((n) => n.name),
    vips,
    observations,
    now,
    staleAfterMs: STALE_AFTER_MS,
  });
  return {
    id: cluster.id,
    name: cluster.name,
    vips,
    status,
    nodes: definition.nodes.map((node) => {
      const row = cluster.nodes.find((n) => n.name === node.name);
      return {
        id: row?.id ?? node.name,
        name: node.name,
        role: node.role,
        address: node.ssh.host,
        hostKeyStatus: row?.hostKeyStatus ?? "unknown",
        hostKeyFingerprint: row?.hostKeyFingerprint ?? null,
        seenHostKeyFingerprint: row?.seenHostKeyFingerprint ?? null,
        observation: viewObservation(observations[node.name]),
      };
    }),
    declaredServers: declaredServers(definition),
    events: cluster.events.map((event) => ({
      id: event.id,
      at: event.at.toISOString(),
      kind: event.kind,
      message: event.message,
    })),
    trackScripts: definition.vrrp.trackScripts.map((script) => ({
      name: script.name,
      weight: script.instanceWeight ?? script.weight,
    })),
    virtualRouterId: definition.vrrp.virtualRouterId,
    arp: definition.arpCheck ? await arpOf(db, cluster.id, cluster.arpTruth) : null,
    segment: speakersPerVrid(
      Object.values(observations),
      definition.vrrp.virtualRouterId,
      definition.nodes.map((n) => n.address),
    ),
    at: now.toISOString(),
  };
}

/** The cluster's newest ARP truth reading, with its open stale-arp incidents; null before the first reading. */
async function arpOf(db: Database, clusterId: string, column: unknown): Promise<ArpView | null> {
  const truth = arpTruthOfColumn(column);
  if (!truth) return null;
  const open = await db.alertIncident.findMany({
    where: { clusterId, rule: "stale-arp", state: { in: ["pending", "firing"] } },
    orderBy: { since: "asc" },
    select: { key: true, state: true, summary: true, since: true },
  });
  return arpTruthView(
    truth,
    open.map((i) => ({
      key: i.key,
      state: i.state === "firing" ? "firing" : "pending",
      summary: i.summary,
      since: i.since.toISOString(),
    })),
  );
}

/** What viewers get of an observation: checksums keyed (`checksum-view.ts`), the rest as read. */
function viewObservation(observation: NodeObservation | undefined): NodeObservation | null {
  return observation ? { ...observation, checksums: viewChecksums(observation.checksums) } : null;
}
