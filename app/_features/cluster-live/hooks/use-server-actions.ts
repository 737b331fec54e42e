"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
import type { ServerActionRequest, ServerActionView } from "@/lib/runtime-api/server-action";
import { clusterLiveKeys, serverActionKeys } from "../query-keys";

const url = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/servers/actions`;

export function useServerActions(clusterId: string) {
  return useQuery({
    queryKey: serverActionKeys.list(clusterId),
    queryFn: async () => (await apiJson<{ actions: ServerActionView[] }>(url(clusterId))).actions,
    refetchInterval: 1_000,
  });
}

/** Requests an action; the server answers once both nodes did it (or 202 while it still runs). */
export function useRequestServerAction(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: ServerActionRequest): Promise<ServerActionView> =>
      (await apiSend<{ action: ServerActionView }>(url(clusterId), "POST", request)).action,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: serverActionKeys.list(clusterId) });
      void queryClient.invalidateQueries({ queryKey: clusterLiveKeys.detail(clusterId) });
    },
  });
}
