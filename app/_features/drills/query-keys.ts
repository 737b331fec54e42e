/** Drills of a cluster: the history and each drill with its steps, timeline and report. */
export const drillKeys = {
  all: ["drills"] as const,
  list: (clusterId: string) => [...drillKeys.all, clusterId] as const,
  detail: (clusterId: string, id: number) => [...drillKeys.all, clusterId, id] as const,
};
