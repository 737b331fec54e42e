"use client";

import { useMutation } from "@tanstack/react-query";
import type { ClusterDefinitionInput, FieldIssue } from "@/lib/cluster/definition";
import type { ImportRequest } from "@/lib/cluster/import/import-request";
import { apiSend } from "@/app/_lib/api-client";

export interface ImportResult {
  /** A draft, not stored: the operator reviews and saves it. */
  definition: ClusterDefinitionInput;
  /** What the files had that could not be mapped, drift between the nodes, and the design's gotchas. */
  warnings: FieldIssue[];
  /** What must be fixed before the draft can be saved. */
  issues: FieldIssue[];
}

/** POST /api/import: files in, draft definition out. Bad input rejects with an ApiIssuesError per field. */
export function useImport() {
  return useMutation({
    mutationFn: (request: ImportRequest) => apiSend<ImportResult>("/api/import", "POST", request),
  });
}
