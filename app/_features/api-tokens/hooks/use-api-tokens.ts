"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiJson, apiSend } from "@/app/_lib/api-client";
import type { ApiTokenSummary } from "@/lib/auth/api-tokens";
import type { NewApiToken } from "@/lib/auth/schemas";
import { apiTokenKeys } from "../query-keys";

export function useApiTokens() {
  return useQuery({
    queryKey: apiTokenKeys.list(),
    queryFn: () => apiJson<ApiTokenSummary[]>("/api/tokens"),
  });
}

export function useApiTokenMutations() {
  const client = useQueryClient();
  const onSuccess = () => client.invalidateQueries({ queryKey: apiTokenKeys.all });
  return {
    create: useMutation({
      mutationFn: (token: NewApiToken) =>
        apiSend<ApiTokenSummary & { text: string }>("/api/tokens", "POST", token),
      onSuccess,
    }),
    revoke: useMutation({
      mutationFn: (id: string) => apiSend<ApiTokenSummary>(`/api/tokens/${id}`, "DELETE"),
      onSuccess,
    }),
  };
}
