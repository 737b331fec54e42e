"use client";

import type { CertificateJobView, CertificateView } from "@/lib/certificates/types";
import { certificateKeys } from "../query-keys";
import { jobsList } from "./use-jobs-query";

const certificates = jobsList<
  { certificates: CertificateView[]; jobs: CertificateJobView[] },
  { name: string; pem: string },
  { certificate: CertificateView; jobId: number | null }
>("certificates", certificateKeys.list, (input) => input);

/** The stored certificates and their distribution jobs. */
export const useCertificates = certificates.useList;
/** Stores a bundle and queues its distribution. */
export const useAddCertificate = certificates.usePost;
