/** Query keys for live cluster state; kept apart from definitions so polling never refetches them. */
export const clusterLiveKeys = {
  all: ["cluster-live"] as const,
  detail: (clusterId: string) => [...clusterLiveKeys.all, clusterId] as const,
  /** Under `all`, so a live change event (a VIP move) refetches the charts at once too. */
  traffic: (clusterId: string, range: string) =>
    [...clusterLiveKeys.all, "traffic", clusterId, range] as const,
};

/** Runtime actions on a cluster's servers (drain, maint, ready) and their record. */
export const serverActionKeys = {
  all: ["server-actions"] as const,
  list: (clusterId: string) => [...serverActionKeys.all, clusterId] as const,
};
