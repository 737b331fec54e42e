"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ClusterDefinition, FieldIssue } from "@/lib/cluster/definition";
import { clusterKeys } from "@/app/_features/clusters/query-keys";
import { definitionKeys } from "../query-keys";
import { apiJson, apiSend } from "@/app/_lib/api-client";

export function useDefinition(clusterId: string) {
  return useQuery({
    queryKey: definitionKeys.definition(clusterId),
    queryFn: () =>
      apiJson<{ revision: number; definition: ClusterDefinition }>(`/api/clusters/${clusterId}/definition`),
    staleTime: Infinity,
  });
}

export interface SaveResult {
  id: string;
  revision: number;
  warnings: FieldIssue[];
}

/** The server validates `definition` (it may come from the YAML tab). Creates (no clusterId) or saves the next revision (with clusterId and the revision edited). */
export function useSaveDefinition(clusterId?: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      definition,
      baseRevision,
      message,
    }: {
      definition: unknown;
      baseRevision?: number;
      message?: string;
    }) =>
      clusterId
        ? apiSend<SaveResult>(`/api/clusters/${clusterId}/definition`, "PUT", {
            definition,
            baseRevision,
            message,
          })
        : apiSend<SaveResult>("/api/clusters", "POST", { definition, message }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: clusterKeys.all }),
  });
}
