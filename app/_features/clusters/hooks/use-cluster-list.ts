"use client";

import { useQuery } from "@tanstack/react-query";
import type { ClusterSummary } from "@/lib/store/clusters";
import { clusterKeys } from "../query-keys";

async function fetchClusterList(): Promise<ClusterSummary[]> {
  const response = await fetch("/api/clusters", { cache: "no-store" });
  if (!response.ok) throw new Error(`GET /api/clusters answered ${response.status}`);
  return (await response.json()) as ClusterSummary[];
}

export function useClusterList() {
  return useQuery({ queryKey: clusterKeys.list(), queryFn: fetchClusterList, refetchInterval: 2_000 });
}
