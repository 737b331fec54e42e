/** The segment's VRRP speakers per VRID, from the nodes' captures, and a VRID nobody uses. Pure. */
import type { NodeObservation } from "./observation";

export interface ListedSpeaker {
  source: string;
  mac: string;
  priority: number;
  intervalS: number;
  seenBy: string[];
  /** One of the cluster's own nodes (by its segment address, or its own capture). */
  ours: boolean;
}

export interface VridSpeakers {
  vrid: number;
  /** The cluster's own VRID: a speaker here that is not ours is a collision. */
  own: boolean;
  speakers: ListedSpeaker[];
}

export function speakersPerVrid(
  observations: readonly (NodeObservation | null | undefined)[],
  ownVrid: number,
  ownAddresses: readonly string[],
): VridSpeakers[] {
  const seen = observations.filter((o): o is NodeObservation => !!o?.reachable && !!o.segment);
  const ours = new Set([
    ...ownAddresses,
    ...seen.flatMap((o) => (o.segment?.speakers ?? []).filter((s) => s.self).map((s) => s.source)),
  ]);
  const byVrid = new Map<number, Map<string, ListedSpeaker>>();
  for (const o of seen) {
    for (const s of o.segment?.speakers ?? []) {
      const speakers = byVrid.get(s.vrid) ?? new Map<string, ListedSpeaker>();
      byVrid.set(s.vrid, speakers);
      const key = `${s.source}/${s.mac}`;
      const listed = speakers.get(key) ?? {
        source: s.source,
        mac: s.mac,
        priority: s.priority,
        intervalS: s.intervalS,
        seenBy: [],
        ours: ours.has(s.source),
      };
      listed.seenBy.push(o.node);
      speakers.set(key, listed);
    }
  }
  return [...byVrid]
    .sort(([a], [b]) => (a === ownVrid ? -1 : b === ownVrid ? 1 : a - b))
    .map(([vrid, speakers]) => ({ vrid, own: vrid === ownVrid, speakers: [...speakers.values()] }));
}

/** The lowest VRID (1-255) not in `used`, preferring `preferred` when it is free; null when all are taken. */
export function freeVrid(used: Iterable<number>, preferred?: number): number | null {
  const taken = new Set(used);
  if (preferred !== undefined && preferred >= 1 && preferred <= 255 && !taken.has(preferred))
    return preferred;
  for (let vrid = 1; vrid <= 255; vrid++) if (!taken.has(vrid)) return vrid;
  return null;
}
