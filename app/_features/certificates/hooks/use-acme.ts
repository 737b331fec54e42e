"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";
import type { AcmeJobView } from "@/lib/acme/order";
import type { AcmeCertificateSpec } from "@/lib/cluster/schema/acme";
import { certificateKeys } from "../query-keys";
import { busy } from "./use-certificates";

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/acme-jobs`;

export function useAcme(clusterId: string) {
  return useQuery({
    queryKey: certificateKeys.acme(clusterId),
    queryFn: () => apiJson<{ certificates: AcmeCertificateSpec[]; jobs: AcmeJobView[] }>(base(clusterId)),
    refetchInterval: (query) => (busy(query.state.data?.jobs) ? 1_000 : 10_000),
  });
}

export function useOrderAcme(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (certificate: string) =>
      apiJson<{ job: AcmeJobView }>(base(clusterId), {
        method: "POST",
        body: JSON.stringify({ certificate }),
      }),
    // The issued bundle becomes a stored certificate: both lists change.
    onSettled: () => queryClient.invalidateQueries({ queryKey: certificateKeys.list(clusterId) }),
  });
}
