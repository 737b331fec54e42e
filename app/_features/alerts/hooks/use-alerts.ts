"use client";

import { apiSend } from "@/app/_lib/api-client";
import { useApiQuery } from "@/app/_lib/use-api-query";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
import type { SilenceInput } from "@/lib/notify/schemas";
import type { IncidentView, SilenceView } from "@/lib/store/alerts";
import { alertKeys } from "../query-keys";

/** Live like the cluster pages: an alert shows within a second of firing. */
const REFRESH_MS = 1_000;

export const useAlerts = () =>
  useApiQuery<{ active: IncidentView[]; history: IncidentView[] }>(alertKeys.list(), "/api/alerts", {
    refetchInterval: REFRESH_MS,
  });

interface SplitBrainBanner {
  splitBrains: { id: number; clusterId: string; cluster: string; since: string; summary: string }[];
}

export const useSplitBrainBanner = (enabled: boolean) =>
  useApiQuery<SplitBrainBanner>(alertKeys.banner(), "/api/alerts/banner", {
    refetchInterval: REFRESH_MS,
    enabled,
  });

export const useSilences = () =>
  useApiQuery<SilenceView[]>(alertKeys.silences(), "/api/alerts/silences", { refetchInterval: 10_000 });

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
