"use client";

import { useQuery } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";
import type { ClusterTraffic, TrafficRange } from "@/lib/traffic/view";
import { clusterLiveKeys } from "../query-keys";

/** New 2 s points arrive every poll; the live change events refetch at once on a VIP move. */
const TRAFFIC_REFRESH_MS = 2_000;

function fetchTraffic(clusterId: string, range: TrafficRange): Promise<ClusterTraffic> {
  return apiJson<ClusterTraffic>(`/api/clusters/${encodeURIComponent(clusterId)}/traffic?range=${range}`, {
    cache: "no-store",
  });
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
