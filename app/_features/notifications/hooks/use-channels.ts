"use client";

import { apiJson, apiSend } from "@/app/_lib/api-client";
import { useApiQuery } from "@/app/_lib/use-api-query";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
import type { ChannelInput } from "@/lib/notify/schemas";
import type { SendResult } from "@/lib/notify/send";
import type { ChannelView, DeliveryView } from "@/lib/store/notification-channels";
import { notificationKeys } from "../query-keys";

export const useChannels = () =>
  useApiQuery<ChannelView[]>(notificationKeys.channels(), "/api/notification-channels");

export const useDeliveries = () =>
  useApiQuery<DeliveryView[]>(notificationKeys.deliveries(), "/api/notification-channels/deliveries", {
    refetchInterval: 3_000,
  });

export function useChannelMutations() {
  return {
    save: useRefreshingMutation(
      notificationKeys.all,
      ({ id, input }: { id?: number; input: ChannelInput }) =>
        id === undefined
          ? apiSend<ChannelView>("/api/notification-channels", "POST", input)
          : apiSend<ChannelView>(`/api/notification-channels/${id}`, "PUT", input),
    ),
    remove: useRefreshingMutation(notificationKeys.all, (id: number) =>
      apiSend<{ deleted: number }>(`/api/notification-channels/${id}`, "DELETE"),
    ),
    // A failed send answers 502 with the same body: show it rather than a bare error.
    test: useRefreshingMutation(notificationKeys.all, (id: number) =>
      apiJson<SendResult>(`/api/notification-channels/${id}/test`, {
        method: "POST",
        answerStatuses: [502],
      }),
    ),
  };
}
