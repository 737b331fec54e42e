"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiSend } from "@/app/_lib/api-client";
import { clusterLiveKeys } from "../query-keys";

/** Pins the fingerprint the operator compared; the poller reconnects with it within seconds. */
export function useAcceptHostKey(clusterId: string, nodeId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fingerprint: string) =>
      apiSend<{ accepted: string }>(
        `/api/clusters/${encodeURIComponent(clusterId)}/nodes/${encodeURIComponent(nodeId)}/host-key`,
        "POST",
        { fingerprint },
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterLiveKeys.detail(clusterId) }),
  });
}
