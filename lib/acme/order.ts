/**
 * Ordering an ACME certificate now (API, UI): which of the definition's `acme.certificates`, and the
 * job as the API and pages see it (steps and outcome; never keys, the chain or the CA's URLs).
 */
import { z } from "zod";
import { identifier } from "@/lib/cluster/schema/primitives";
import type { AcmeStepState } from "./steps";

export const acmeOrderRequestSchema = z.strictObject({
  /** A name from the latest definition's `acme.certificates`. */
  certificate: identifier,
});
export type AcmeOrderRequest = z.infer<typeof acmeOrderRequestSchema>;

export interface AcmeJobView {
  id: number;
  certificate: string;
  reason: string;
  status: "pending" | "running" | "succeeded" | "failed";
  steps: AcmeStepState[];
  domains: string[];
  notAfter: string | null;
  error: string | null;
}
