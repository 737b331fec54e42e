"use client";

import { useQuery } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";

/** Jobs still to finish: the lists refetch every second meanwhile. */
export const busy = (jobs: readonly { status: string }[] | undefined) =>
  jobs?.some((j) => j.status === "pending" || j.status === "running") ?? false;

/** A list answered with its jobs: refetched every second while one is pending or running, else every 10 s. */
export function useJobsQuery<T extends { jobs: readonly { status: string }[] }>(
  queryKey: readonly unknown[],
  url: string,
) {
  return useQuery({
    queryKey,
    queryFn: () => apiJson<T>(url),
    refetchInterval: (query) => (busy(query.state.data?.jobs) ? 1_000 : 10_000),
  });
}
