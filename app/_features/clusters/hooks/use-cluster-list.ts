"use client";

import { useQuery } from "@tanstack/react-query";
import type { ClusterSummary } from "@/lib/store/clusters";
import { LIVE_REFRESH_MS } from "@/app/_features/cluster-live/hooks/use-cluster-live";
import { apiJson } from "@/app/_lib/api-client";
import { clusterKeys } from "../query-keys";

/** As often as a cluster's own page: the overview is where a VIP move is noticed first. */
export function useClusterList() {
  return useQuery({
    queryKey: clusterKeys.list(),
    queryFn: () => apiJson<ClusterSummary[]>("/api/clusters"),
    refetchInterval: LIVE_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}
