"use client";

import { useQuery, type QueryKey } from "@tanstack/react-query";
import { apiJson } from "./api-client";

/** A read of one API path under its query key (apiJson: a refusal's issues become ApiIssuesError). */
export function useApiQuery<T>(
  queryKey: QueryKey,
  path: string,
  options: { refetchInterval?: number; enabled?: boolean } = {},
) {
  return useQuery({ queryKey, queryFn: () => apiJson<T>(path), ...options });
}
