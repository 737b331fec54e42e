"use client";

import { useQuery } from "@tanstack/react-query";
import type { AgentsLiveness } from "@/lib/health/liveness";
import { apiJson } from "@/app/_lib/api-client";
import { healthKeys } from "../query-keys";

export interface HealthView {
  ok: boolean;
  status: "ok" | "agents down" | "database down";
  agents: AgentsLiveness;
}

/** Polled every second like the split-brain banner; a 503 is an answer here, not an error. */
export function useHealth(enabled: boolean) {
  return useQuery({
    queryKey: healthKeys.status(),
    queryFn: () => apiJson<HealthView>("/api/health", { answerStatuses: [503] }),
    refetchInterval: 1_000,
    enabled,
  });
}
