"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";
import type { AcmeJobView } from "@/lib/acme/order";
import type { AcmeCertificateSpec } from "@/lib/cluster/schema/acme";
import { certificateKeys } from "../query-keys";
import { useJobsQuery } from "./use-jobs-query";

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/acme-jobs`;

export function useAcme(clusterId: string) {
  return useJobsQuery<{ certificates: AcmeCertificateSpec[]; jobs: AcmeJobView[] }>(
    certificateKeys.acme(clusterId),
    base(clusterId),
  );
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
