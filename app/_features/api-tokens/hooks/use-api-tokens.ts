"use client";

import { apiSend } from "@/app/_lib/api-client";
import { useApiQuery } from "@/app/_lib/use-api-query";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
import type { ApiTokenSummary } from "@/lib/auth/api-tokens";
import type { NewApiToken } from "@/lib/auth/schemas";
import { apiTokenKeys } from "../query-keys";

export const useApiTokens = () => useApiQuery<ApiTokenSummary[]>(apiTokenKeys.list(), "/api/tokens");

export function useApiTokenMutations() {
  return {
    create: useRefreshingMutation(apiTokenKeys.all, (token: NewApiToken) =>
      apiSend<ApiTokenSummary & { text: string }>("/api/tokens", "POST", token),
    ),
    revoke: useRefreshingMutation(apiTokenKeys.all, (id: string) =>
      apiSend<ApiTokenSummary>(`/api/tokens/${id}`, "DELETE"),
    ),
  };
}
