"use client";

import { useQuery } from "@tanstack/react-query";
import type { ClusterTraffic, TrafficRange } from "@/lib/traffic/view";
import { clusterLiveKeys } from "../query-keys";

/** New 2 s points arrive every poll; the live change events refetch at once on a VIP move. */
const TRAFFIC_REFRESH_MS = 2_000;

async function fetchTraffic(clusterId: string, range: TrafficRange): Promise<ClusterTraffic> {
  const response = await fetch(`/api/clusters/${encodeURIComponent(clusterId)}/traffic?range=${range}`, {
    cache: "no-store",
  });
  if (!response.ok) throw new Error(`traffic answered ${response.status}`);
  return (await response.json()) as ClusterTraffic;
}

export function useTraffic(clusterId: string, range: TrafficRange) {
  return useQuery({
    queryKey: clusterLiveKeys.traffic(clusterId, range),
    queryFn: () => fetchTraffic(clusterId, range),
    refetchInterval: range === "15m" || range === "1h" ? TRAFFIC_REFRESH_MS : 60_000,
    refetchIntervalInBackground: false,
    placeholderData: (previous) => previous,
  });
}
