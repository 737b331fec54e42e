/** Query keys for live cluster state; kept apart from definitions so polling never refetches them. */
export const clusterLiveKeys = {
  all: ["cluster-live"] as const,
  detail: (clusterId: string) => [...clusterLiveKeys.all, clusterId] as const,
};
