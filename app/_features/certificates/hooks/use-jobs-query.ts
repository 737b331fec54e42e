"use client";

import { useQuery, type QueryKey } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
import { certificateKeys } from "../query-keys";

/** Jobs still to finish: the lists refetch every second meanwhile. */
export const busy = (jobs: readonly { status: string }[] | undefined) =>
  jobs?.some((j) => j.status === "pending" || j.status === "running") ?? false;

/** A list answered with its jobs: refetched every second while one is pending or running, else every 10 s. */
export function useJobsQuery<T extends { jobs: readonly { status: string }[] }>(
  queryKey: QueryKey,
  url: string,
) {
  return useQuery({
    queryKey,
    queryFn: () => apiJson<T>(url),
    refetchInterval: (query) => (busy(query.state.data?.jobs) ? 1_000 : 10_000),
  });
}

/**
 * The tab's two lists (stored certificates, ACME orders): the list with its jobs at a cluster's
 * `path`, and a POST there (`body` of the input) that queues a job. Once the POST ends, both lists
 * refetch: the issued or uploaded bundle is a stored certificate, and the ACME key is under the list key.
 */
export function jobsList<List extends { jobs: readonly { status: string }[] }, Input, Answer>(
  path: string,
  key: (clusterId: string) => QueryKey,
  body: (input: Input) => unknown,
) {
  const url = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/${path}`;
  return {
    useList: (clusterId: string) => useJobsQuery<List>(key(clusterId), url(clusterId)),
    usePost: (clusterId: string) =>
      useRefreshingMutation(
        certificateKeys.list(clusterId),
        (input: Input) => apiSend<Answer>(url(clusterId), "POST", body(input)),
        "settled",
      ),
  };
}
