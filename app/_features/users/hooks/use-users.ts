"use client";

import { useQuery } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
import type { NewUser, UserChange } from "@/lib/auth/schemas";
import type { UserSummary } from "@/lib/auth/users";
import { userKeys } from "../query-keys";

export function useUsers() {
  return useQuery({ queryKey: userKeys.list(), queryFn: () => apiJson<UserSummary[]>("/api/users") });
}

export function useUserMutations() {
  return {
    create: useRefreshingMutation(userKeys.all, (user: NewUser) =>
      apiSend<UserSummary>("/api/users", "POST", user),
    ),
    change: useRefreshingMutation(userKeys.all, ({ id, change }: { id: string; change: UserChange }) =>
      apiSend<UserSummary>(`/api/users/${id}`, "PATCH", change),
    ),
    remove: useRefreshingMutation(userKeys.all, (id: string) =>
      apiSend<{ deleted: string }>(`/api/users/${id}`, "DELETE"),
    ),
  };
}
