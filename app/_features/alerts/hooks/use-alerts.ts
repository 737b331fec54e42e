"use client";

import { useQuery } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
import type { SilenceInput } from "@/lib/notify/schemas";
import type { IncidentView, SilenceView } from "@/lib/store/alerts";
import { alertKeys } from "../query-keys";

/** Live like the cluster pages: an alert shows within a second of firing. */
const REFRESH_MS = 1_000;

export function useAlerts() {
  return useQuery({
    queryKey: alertKeys.list(),
    queryFn: () => apiJson<{ active: IncidentView[]; history: IncidentView[] }>("/api/alerts"),
    refetchInterval: REFRESH_MS,
  });
}

export function useSplitBrainBanner(enabled: boolean) {
  return useQuery({
    queryKey: alertKeys.banner(),
    queryFn: () =>
      apiJson<{
        splitBrains: { id: number; clusterId: string; cluster: string; since: string; summary: string }[];
      }>("/api/alerts/banner"),
    refetchInterval: REFRESH_MS,
    enabled,
  });
}

export function useSilences() {
  return useQuery({
    queryKey: alertKeys.silences(),
    queryFn: () => apiJson<SilenceView[]>("/api/alerts/silences"),
    refetchInterval: 10_000,
  });
}

export function useAlertMutations() {
  return {
    acknowledge: useRefreshingMutation(alertKeys.all, ({ id, note }: { id: number; note: string }) =>
      apiSend<IncidentView>(`/api/alerts/${id}/acknowledge`, "POST", { note }),
    ),
    silence: useRefreshingMutation(alertKeys.all, (input: SilenceInput) =>
      apiSend<SilenceView>("/api/alerts/silences", "POST", input),
    ),
    endSilence: useRefreshingMutation(alertKeys.all, (id: number) =>
      apiSend<{ id: number }>(`/api/alerts/silences/${id}`, "DELETE"),
    ),
  };
}
