"use client";

import { useQuery } from "@tanstack/react-query";
import { clusterLiveKeys } from "../query-keys";
import type { ClusterLive } from "@/lib/status/cluster-live-view";

export const LIVE_REFRESH_MS = 1_000;

async function fetchClusterLive(clusterId: string): Promise<ClusterLive> {
  const response = await fetch(`/api/clusters/${encodeURIComponent(clusterId)}/live`, { cache: "no-store" });
  if (!response.ok) throw new Error(`live state answered ${response.status}`);
  return (await response.json()) as ClusterLive;
}

export function useClusterLive(clusterId: string) {
  return useQuery({
    queryKey: clusterLiveKeys.detail(clusterId),
    queryFn: () => fetchClusterLive(clusterId),
    refetchInterval: LIVE_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}
