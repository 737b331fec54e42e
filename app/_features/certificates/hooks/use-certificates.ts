"use client";

import { apiSend } from "@/app/_lib/api-client";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
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
  return useRefreshingMutation(
    certificateKeys.list(clusterId),
    (input: { name: string; pem: string }) =>
      apiSend<{ certificate: CertificateView; jobId: number | null }>(base(clusterId), "POST", input),
    "settled",
  );
}
