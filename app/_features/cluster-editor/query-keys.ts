import { clusterKeys } from "@/app/_features/clusters/query-keys";

/** Definitions and revisions hang below the cluster's detail key, so saving invalidates them together. */
export const definitionKeys = {
  definition: (id: string) => [...clusterKeys.detail(id), "definition"] as const,
  revisions: (id: string) => [...clusterKeys.detail(id), "revisions"] as const,
  diff: (id: string, from: number, to: number) => [...clusterKeys.detail(id), "diff", from, to] as const,
};

/** The VRIDs heard on a cluster's segment (or on every node's, for a cluster not saved yet). */
export const vridKeys = {
  segment: (clusterId: string | undefined) => ["vrids", clusterId ?? "all"] as const,
};
