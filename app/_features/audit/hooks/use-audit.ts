"use client";

import { useQuery } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";
import type { AuditRecord } from "@/lib/audit/audit";
import { auditKeys } from "../query-keys";

export function useAudit(action: string) {
  const query = new URLSearchParams({ limit: "200", ...(action ? { action } : {}) });
  return useQuery({
    queryKey: auditKeys.list(action),
    queryFn: () => apiJson<AuditRecord[]>(`/api/audit?${query}`),
    refetchInterval: 5_000,
  });
}
