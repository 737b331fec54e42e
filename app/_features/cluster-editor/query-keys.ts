import { clusterKeys } from "@/app/_features/clusters/query-keys";

/** Definitions and revisions hang below the cluster's detail key, so saving invalidates them together. */
export const definitionKeys = {
  definition: (id: string) => [...clusterKeys.detail(id), "definition"] as const,
  revisions: (id: string) => [...clusterKeys.detail(id), "revisions"] as const,
  diff: (id: string, from: number, to: number) => [...clusterKeys.detail(id), "diff", from, to] as const,
};
