/**
 * The other clusters a cluster's rules look at: only a cluster on the same VRID can clash with it
 * (the drift rule's "VRID also used by cluster X"), so each cluster is given those, grouped once per
 * round. Handing every cluster all the others was 250,000 entries a round at 500 clusters. Pure.
 */
import type { AlertInput, AlertSubject } from "./types";

type OtherCluster = AlertInput["otherClusters"][number];

interface Listed {
  clusterId: string;
  subject: Pick<AlertSubject, "name" | "virtualRouterId" | "segments">;
}

/** For a cluster (by id and subject): the other listed clusters on its VRID, in the listed order. */
export function otherClustersByVrid(all: readonly Listed[]): (cluster: Listed) => OtherCluster[] {
  const byVrid = new Map<number, { clusterId: string; view: OtherCluster }[]>();
  for (const { clusterId, subject } of all) {
    const view = { name: subject.name, virtualRouterId: subject.virtualRouterId, segments: subject.segments };
    const group = byVrid.get(subject.virtualRouterId) ?? [];
    group.push({ clusterId, view });
    byVrid.set(subject.virtualRouterId, group);
  }
  return (cluster) =>
    (byVrid.get(cluster.subject.virtualRouterId) ?? [])
      .filter((other) => other.clusterId !== cluster.clusterId)
      .map((other) => other.view);
}
