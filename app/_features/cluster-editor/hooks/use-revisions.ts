"use client";

import { useQuery } from "@tanstack/react-query";
import type { RevisionSummary } from "@/lib/store/definitions";
import { definitionKeys } from "../query-keys";
import { apiJson } from "@/app/_lib/api-client";

export function useRevisions(clusterId: string) {
  return useQuery({
    queryKey: definitionKeys.revisions(clusterId),
    queryFn: () => apiJson<RevisionSummary[]>(`/api/clusters/${clusterId}/revisions`),
  });
}

export function useRevisionDiff(clusterId: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: definitionKeys.diff(clusterId, from ?? 0, to ?? 0),
    queryFn: () =>
      apiJson<{ diff: string; tooLarge?: boolean }>(
        `/api/clusters/${clusterId}/revisions/diff?from=${from}&to=${to}`,
      ),
    enabled: from !== null && to !== null && from !== to,
  });
}
