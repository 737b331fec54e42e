"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";
import { clusterLiveKeys } from "../query-keys";

/** Pins the fingerprint the operator compared; the poller reconnects with it within seconds. */
export function useAcceptHostKey(clusterId: string, nodeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fingerprint: string) =>
      apiJson<{ accepted: string }>(
        `/api/clusters/${encodeURIComponent(clusterId)}/nodes/${encodeURIComponent(nodeId)}/host-key`,
        {
          method: "POST",
          body: JSON.stringify({ fingerprint }),
        },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterLiveKeys.detail(clusterId) }),
  });
}
