"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
import type { NewUser, UserChange } from "@/lib/auth/schemas";
import type { UserSummary } from "@/lib/auth/users";
import { userKeys } from "../query-keys";

export function useUsers() {
  return useQuery({ queryKey: userKeys.list(), queryFn: () => apiJson<UserSummary[]>("/api/users") });
}

export function useUserMutations() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: userKeys.all });
  return {
    create: useMutation({
      mutationFn: (user: NewUser) => apiSend<UserSummary>("/api/users", "POST", user),
      onSuccess,
    }),
    change: useMutation({
      mutationFn: ({ id, change }: { id: string; change: UserChange }) =>
        apiSend<UserSummary>(`/api/users/${id}`, "PATCH", change),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => apiSend<{ deleted: string }>(`/api/users/${id}`, "DELETE"),
      onSuccess,
    }),
  };
}
