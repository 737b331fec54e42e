"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
import type { ChannelInput } from "@/lib/notify/schemas";
import type { SendResult } from "@/lib/notify/send";
import type { ChannelView, DeliveryView } from "@/lib/store/notification-channels";
import { notificationKeys } from "../query-keys";

export function useChannels() {
  return useQuery({
    queryKey: notificationKeys.channels(),
    queryFn: () => apiJson<ChannelView[]>("/api/notification-channels"),
  });
}

export function useDeliveries() {
  return useQuery({
    queryKey: notificationKeys.deliveries(),
    queryFn: () => apiJson<DeliveryView[]>("/api/notification-channels/deliveries"),
    refetchInterval: 3_000,
  });
}

export function useChannelMutations() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: notificationKeys.all });
  return {
    save: useMutation({
      mutationFn: ({ id, input }: { id?: number; input: ChannelInput }) =>
        id === undefined
          ? apiSend<ChannelView>("/api/notification-channels", "POST", input)
          : apiSend<ChannelView>(`/api/notification-channels/${id}`, "PUT", input),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: number) => apiSend<{ deleted: number }>(`/api/notification-channels/${id}`, "DELETE"),
      onSuccess,
    }),
    test: useMutation({
      // A failed send answers 502 with the same body: show it rather than a bare error.
      mutationFn: (id: number) =>
        apiJson<SendResult>(`/api/notification-channels/${id}/test`, {
          method: "POST",
          answerStatuses: [502],
        }),
      onSuccess,
    }),
  };
}
