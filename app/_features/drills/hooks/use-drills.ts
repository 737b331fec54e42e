"use client";

import { useQuery } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
import type { DrillMode, DrillView } from "@/lib/drill/types";
import { drillKeys } from "../query-keys";

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/drills`;
const live = (status: string | undefined) => status === "pending" || status === "running";

export function useDrillHistory(clusterId: string) {
  return useQuery({
    queryKey: drillKeys.list(clusterId),
    queryFn: async () => (await apiJson<{ drills: DrillView[] }>(base(clusterId))).drills,
    refetchInterval: (query) => (query.state.data?.some((d) => live(d.status)) ? 1_000 : 5_000),
  });
}

/** One drill, refetched twice a second while it runs: the live timeline. */
export function useDrill(clusterId: string, id: number | null) {
  return useQuery({
    queryKey: drillKeys.detail(clusterId, id ?? 0),
    queryFn: async () => (await apiJson<{ drill: DrillView }>(`${base(clusterId)}/${id}`)).drill,
    enabled: id !== null,
    refetchInterval: (query) => (live(query.state.data?.status ?? "pending") ? 500 : false),
  });
}

export function useRunDrill(clusterId: string) {
  return useRefreshingMutation(
    drillKeys.list(clusterId),
    async (request: { mode: DrillMode; force: boolean; reason: string; confirmNodeDeath: boolean }) =>
      (await apiSend<{ drill: DrillView }>(base(clusterId), "POST", request)).drill,
    "settled",
  );
}

export function useAbortDrill(clusterId: string) {
  return useRefreshingMutation(
    drillKeys.all,
    async (id: number) =>
      (await apiSend<{ drill: DrillView }>(`${base(clusterId)}/${id}/abort`, "POST", {})).drill,
    "settled",
  );
}
