/** The newest ARP truth reading per cluster: the agents' arp truth loop writes it, the alert evaluator reads it. */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { ArpTruth } from "@/lib/status/arp-truth";
import { arpTruthSchema, readColumn } from "./json-columns";
import { observationOfRow } from "./observation-row";
import { latestDefinitions } from "./revisions";

export async function saveArpTruth(db: Database, clusterId: string, truth: ArpTruth): Promise<void> {
  await db.cluster.update({ where: { id: clusterId }, data: { arpTruth: truth as unknown as object } });
}

/** An unreadable column reads as no reading (the rule then sees nothing), with the reason logged once per read. */
export function arpTruthOfColumn(value: unknown): ArpTruth | undefined {
  if (value === null || value === undefined) return undefined;
  const read = readColumn(arpTruthSchema, "arpTruth", value);
  if (read.ok) return read.value;
  console.error(`[arp truth] ${read.unreadable}`);
  return undefined;
}

export interface ArpCheckCluster {
  clusterId: string;
  definition: ClusterDefinition;
  nodeIds: Record<string, string>;
  /** Each node's accepted host key. */
  pins: Record<string, string | null>;
  /** Per VIP: the one node holding it in the newest observations (null: none, both, or too old). */
  holders: Record<string, { holder: string | null; movedAt: number | null }>;
  lastAt: number | null;
  /** Per VIP, the holder the last reading was taken for: a different one now means the VIP moved. */
  lastHolders: Record<string, string | null>;
}

/** Clusters with `arpCheck`, their secrets revealed (agents only), and who holds each VIP now. */
export async function arpCheckClusters(
  db: Database,
  now: number,
  freshMs: number,
): Promise<ArpCheckCluster[]> {
  const clusters = (await latestDefinitions(db)).filter((c) => c.definition.arpCheck);
  return Promise.all(
    clusters.map(async ({ clusterId, definition, nodeIds }) => {
      const [nodes, row, moved] = await Promise.all([
        db.node.findMany({ where: { clusterId } }),
        db.cluster.findUnique({ where: { id: clusterId }, select: { arpTruth: true } }),
        db.clusterEvent.findFirst({
          where: { clusterId, kind: "vip", message: { contains: "acquired VIP" } },
          orderBy: { at: "desc" },
          select: { at: true },
        }),
      ]);
      const observations = await Promise.all(
        nodes.map(async (node) => {
          const latest = await db.nodeObservation.findFirst({
            where: { nodeId: node.id },
            orderBy: { at: "desc" },
            select: { at: true, data: true },
          });
          return latest ? observationOfRow(latest, node.name) : null;
        }),
      );
      const fresh = observations.filter(
        (o): o is NonNullable<typeof o> => o !== null && o.reachable && now - Date.parse(o.at) <= freshMs,
      );
      const holders = Object.fromEntries(
        definition.vips.map((vip) => {
          const holding = fresh.filter((o) => o.vipsHeld.includes(vip.address)).map((o) => o.node);
          return [
            vip.address,
            {
              holder: holding.length === 1 ? (holding[0] ?? null) : null,
              movedAt: moved?.at.getTime() ?? null,
            },
          ];
        }),
      );
      const last = arpTruthOfColumn(row?.arpTruth);
      return {
        clusterId,
        definition,
        nodeIds,
        pins: Object.fromEntries(nodes.map((n) => [n.name, n.hostKeyFingerprint])),
        holders,
        lastAt: last ? Date.parse(last.at) : null,
        lastHolders: last ? Object.fromEntries(last.vips.map((v) => [v.vip, v.holder])) : {},
      };
    }),
  );
}
