"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiJson } from "@/app/_lib/api-client";
import type { CertificateJobView, CertificateView } from "@/lib/certificates/types";
import { certificateKeys } from "../query-keys";
import { useJobsQuery } from "./use-jobs-query";

const base = (clusterId: string) => `/api/clusters/${encodeURIComponent(clusterId)}/certificates`;

export function useCertificates(clusterId: string) {
  return useJobsQuery<{ certificates: CertificateView[]; jobs: CertificateJobView[] }>(
    certificateKeys.list(clusterId),
    base(clusterId),
  );
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
