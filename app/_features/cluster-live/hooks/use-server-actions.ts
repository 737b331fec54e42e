"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ServerActionRequest, ServerActionView } from "@/lib/runtime-api/server-action";
import { clusterLiveKeys, serverActionKeys } from "../query-keys";

const url = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/servers/actions`;

export function useServerActions(clusterId: string) {
  return useQuery({
    queryKey: serverActionKeys.list(clusterId),
    queryFn: async (): Promise<ServerActionView[]> => {
      const response = await fetch(url(clusterId), { cache: "no-store" });
      if (!response.ok) throw new Error(`actions answered ${response.status}`);
      return ((await response.json()) as { actions: ServerActionView[] }).actions;
    },
    refetchInterval: 1_000,
  });
}

/** Requests an action; the server answers once both nodes did it (or 202 while it still runs). */
export function useRequestServerAction(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (request: ServerActionRequest): Promise<ServerActionView> => {
      const response = await fetch(url(clusterId), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      const body = (await response.json()) as {
        action?: ServerActionView;
        issues?: { path: string; message: string }[];
      };
      if (!response.ok || !body.action)
        throw new Error(
          body.issues?.map((i) => `${i.path}: ${i.message}`).join("; ") ?? `answered ${response.status}`,
        );
      return body.action;
    },
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: serverActionKeys.list(clusterId) });
      void queryClient.invalidateQueries({ queryKey: clusterLiveKeys.detail(clusterId) });
    },
  });
}
