"use client";
import { apiSend } from "@/app/_lib/api-client";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
import { clusterLiveKeys } from "../query-keys";

/** Pins the fingerprint the operator compared; the poller reconnects with it within seconds. */
export function useAcceptHostKey(clusterId: string, nodeId: string) {
  return useRefreshingMutation(clusterLiveKeys.detail(clusterId), (fingerprint: string) =>
    apiSend<{ accepted: string }>(
      `/api/clusters/${encodeURIComponent(clusterId)}/nodes/${encodeURIComponent(nodeId)}/host-key`,
      "POST",
      { fingerprint },
    ),
  );
}
