"use client";

import type { AcmeJobView } from "@/lib/acme/order";
import type { AcmeCertificateSpec } from "@/lib/cluster/schema/acme";
import { certificateKeys } from "../query-keys";
import { jobsList } from "./use-jobs-query";

const acme = jobsList<
  { certificates: AcmeCertificateSpec[]; jobs: AcmeJobView[] },
  string,
  { job: AcmeJobView }
>("acme-jobs", certificateKeys.acme, (certificate) => ({ certificate }));

/** The ACME certificates of the definition and their order jobs. */
export const useAcme = acme.useList;
/** Orders the ACME certificate of that name (a job). */
export const useOrderAcme = acme.usePost;
