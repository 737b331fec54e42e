/** The VRIDs in use on the segment: heard by the nodes' captures, and used by managed clusters. */
import type { Database } from "@/lib/db/client";
import { freeVrid } from "@/lib/status/segment-speakers";
import { clusterSubjects } from "./alert-inputs";
import { observationOfRow } from "./observation-row";

export interface SegmentVrids {
  /** VRID → the speakers' addresses the nodes hear on it. */
  heard: { vrid: number; sources: string[] }[];
  /** Managed clusters' VRIDs (other than the one asked about). */
  managed: { vrid: number; cluster: string }[];
  /** A VRID nobody is heard on and no other cluster uses (the asked cluster's own while it is free). */
  suggestion: number | null;
}

/** `clusterId`: only that cluster's nodes' segment; else every node (an import's pair is not known yet). */
export async function segmentVrids(db: Database, clusterId?: string): Promise<SegmentVrids | null> {
  const subjects = await clusterSubjects(db);
  const own = clusterId ? subjects.find((s) => s.clusterId === clusterId) : undefined;
  if (clusterId && !own) return null;
  const nodes = await db.node.findMany({ where: clusterId ? { clusterId } : {}, select: { id: true } });
  const rows = await Promise.all(
    nodes.map((node) =>
      db.nodeObservation.findFirst({
        where: { nodeId: node.id },
        orderBy: { at: "desc" },
        select: { at: true, data: true },
      }),
    ),
  );
  const ownAddresses = new Set(own?.subject.nodes.flatMap((n) => (n.address ? [n.address] : [])) ?? []);
  const heard = new Map<number, Set<string>>();
  for (const row of rows) {
    if (!row) continue;
    for (const s of observationOfRow(row).segment?.speakers ?? []) {
      // Our own nodes on our VRID do not make it taken.
      if (own && s.vrid === own.subject.virtualRouterId && (s.self || ownAddresses.has(s.source))) continue;
      heard.set(s.vrid, (heard.get(s.vrid) ?? new Set()).add(s.source));
    }
  }
  const managed = subjects
    .filter((s) => s.clusterId !== clusterId)
    .map((s) => ({ vrid: s.subject.virtualRouterId, cluster: s.subject.name }));
  return {
    heard: [...heard]
      .sort(([a], [b]) => a - b)
      .map(([vrid, sources]) => ({ vrid, sources: [...sources].sort() })),
    managed,
    suggestion: freeVrid([...heard.keys(), ...managed.map((m) => m.vrid)], own?.subject.virtualRouterId),
  };
}
