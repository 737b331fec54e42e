"use client";

import { useQuery } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
import type { RolloutStartRequest, RolloutView } from "@/lib/rollout/types";
import { rolloutKeys } from "../query-keys";

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/rollouts`;

export function useRolloutHistory(clusterId: string) {
  return useQuery({
    queryKey: rolloutKeys.list(clusterId),
    queryFn: async () => (await apiJson<{ rollouts: RolloutView[] }>(base(clusterId))).rollouts,
    refetchInterval: 2_000,
  });
}

/** One rollout, refetched every second while it is being planned or run. */
export function useRollout(clusterId: string, id: number | null) {
  return useQuery({
    queryKey: rolloutKeys.detail(clusterId, id ?? 0),
    queryFn: async () => (await apiJson<{ rollout: RolloutView }>(`${base(clusterId)}/${id}`)).rollout,
    enabled: id !== null,
    refetchInterval: (query) =>
      ["planning", "pending", "running"].includes(query.state.data?.status ?? "planning") ? 1_000 : false,
  });
}

export function usePlanRollout(clusterId: string) {
  return useRefreshingMutation(
    rolloutKeys.list(clusterId),
    async (revision: number) =>
      (await apiSend<{ rollout: RolloutView }>(base(clusterId), "POST", { revision })).rollout,
    "settled",
  );
}

export function useStartRollout(clusterId: string) {
  return useRefreshingMutation(
    rolloutKeys.all,
    async ({ id, request }: { id: number; request: RolloutStartRequest }) =>
      (await apiSend<{ rollout: RolloutView }>(`${base(clusterId)}/${id}/start`, "POST", request)).rollout,
    "settled",
  );
}
