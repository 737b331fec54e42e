"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";
import type { CertificateJobView, CertificateView } from "@/lib/certificates/types";
import { certificateKeys } from "../query-keys";

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/certificates`;
/** Jobs still to finish: the lists refetch every second meanwhile. */
export const busy = (jobs: readonly { status: string }[] | undefined) =>
  jobs?.some((j) => j.status === "pending" || j.status === "running") ?? false;

export function useCertificates(clusterId: string) {
  return useQuery({
    queryKey: certificateKeys.list(clusterId),
    queryFn: () => apiJson<{ certificates: CertificateView[]; jobs: CertificateJobView[] }>(base(clusterId)),
    refetchInterval: (query) => (busy(query.state.data?.jobs) ? 1_000 : 10_000),
  });
}

export function useAddCertificate(clusterId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; pem: string }) =>
      apiJson<{ certificate: CertificateView; jobId: number | null }>(base(clusterId), {
        method: "POST",
        body: JSON.stringify(input),
      }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: certificateKeys.list(clusterId) }),
  });
}
