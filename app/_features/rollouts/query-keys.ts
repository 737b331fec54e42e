/** Rollouts of a cluster: the history and each rollout with its steps. */
export const rolloutKeys = {
  all: ["rollouts"] as const,
  list: (clusterId: string) => [...rolloutKeys.all, clusterId] as const,
  detail: (clusterId: string, id: number) => [...rolloutKeys.all, clusterId, id] as const,
};
