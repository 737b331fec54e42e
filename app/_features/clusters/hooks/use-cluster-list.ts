"use client";

import { useQuery } from "@tanstack/react-query";
import type { ClusterSummary } from "@/lib/store/clusters";
import { LIVE_REFRESH_MS } from "@/app/_features/cluster-live/hooks/use-cluster-live";
import { clusterKeys } from "../query-keys";

async function fetchClusterList(): Promise<ClusterSummary[]> {
  const response = await fetch("/api/clusters", { cache: "no-store" });
  if (!response.ok) throw new Error(`GET /api/clusters answered ${response.status}`);
  return (await response.json()) as ClusterSummary[];
}

/** As often as a cluster's own page: the overview is where a VIP move is noticed first. */
export function useClusterList() {
  return useQuery({
    queryKey: clusterKeys.list(),
    queryFn: fetchClusterList,
    refetchInterval: LIVE_REFRESH_MS,
    refetchIntervalInBackground: false,
  });
}
