/** Certificates of a cluster and their distribution jobs. */
export const certificateKeys = {
  all: ["certificates"] as const,
  list: (clusterId: string) => [...certificateKeys.all, clusterId] as const,
  acme: (clusterId: string) => [...certificateKeys.all, clusterId, "acme"] as const,
};
