"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";
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
      mutationFn: (user: NewUser) =>
        apiJson<UserSummary>("/api/users", { method: "POST", body: JSON.stringify(user) }),
      onSuccess,
    }),
    change: useMutation({
      mutationFn: ({ id, change }: { id: string; change: UserChange }) =>
        apiJson<UserSummary>(`/api/users/${id}`, { method: "PATCH", body: JSON.stringify(change) }),
      onSuccess,
    }),
    remove: useMutation({
      mutationFn: (id: string) => apiJson<{ deleted: string }>(`/api/users/${id}`, { method: "DELETE" }),
      onSuccess,
    }),
  };
}
