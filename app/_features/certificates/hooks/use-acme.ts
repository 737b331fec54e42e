"use client";

import { apiSend } from "@/app/_lib/api-client";
import { useRefreshingMutation } from "@/app/_lib/use-refreshing-mutation";
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

/** The issued bundle becomes a stored certificate: both lists are refetched (the ACME key is under the list key). */
export function useOrderAcme(clusterId: string) {
  return useRefreshingMutation(
    certificateKeys.list(clusterId),
    (certificate: string) => apiSend<{ job: AcmeJobView }>(base(clusterId), "POST", { certificate }),
    "settled",
  );
}
