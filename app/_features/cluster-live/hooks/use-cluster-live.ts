"use client";

import { useQuery } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";
import { clusterLiveKeys } from "../query-keys";
import type { ClusterLive } from "@/lib/status/cluster-live-view";

export const LIVE_REFRESH_MS = 1_000;

export function useClusterLive(clusterId: string) {
  return useQuery({
    queryKey: clusterLiveKeys.detail(clusterId),
    queryFn: () => apiJson<ClusterLive>(`/api/clusters/${encodeURIComponent(clusterId)}/live`),
    refetchInterval: LIVE_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}
