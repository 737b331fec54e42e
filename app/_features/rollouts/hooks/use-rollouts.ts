"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
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
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (revision: number) =>
      (await apiSend<{ rollout: RolloutView }>(base(clusterId), "POST", { revision })).rollout,
    onSettled: () => queryClient.invalidateQueries({ queryKey: rolloutKeys.list(clusterId) }),
  });
}

export function useStartRollout(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, request }: { id: number; request: RolloutStartRequest }) =>
      (await apiSend<{ rollout: RolloutView }>(`${base(clusterId)}/${id}/start`, "POST", request)).rollout,
    onSettled: () => queryClient.invalidateQueries({ queryKey: rolloutKeys.all }),
  });
}
