/** Certificates as the API, CLI and pages see them: the input schema and the view (never the key). */
import { z } from "zod";
import { absolutePath, identifier } from "@/lib/cluster/schema/primitives";
import type { CertificateMetadata } from "./bundle";

/** A bundle is a few kilobytes; anything much larger is not a certificate bundle. (Here, not in ./bundle: pages import this file, and ./bundle needs node:crypto.) */
export const MAX_BUNDLE_BYTES = 64 * 1024;

export const CERTIFICATE_SOURCES = ["upload", "acme", "import"] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];

/** Where a certificate goes on the nodes unless told: Debian's folder for HAProxy's certificates. */
export const defaultCertificatePath = (name: string) => `/etc/haproxy/certs/${name}.pem`;

export const certificateInputSchema = z.strictObject({
  name: identifier,
  /** The bundle: certificate, chain, private key (PEM, any order of key and chain). */
  pem: z
    .string()
    .min(1, "required")
    .max(MAX_BUNDLE_BYTES, `at most ${MAX_BUNDLE_BYTES / 1024} KiB`),
  /** The file on both nodes (a bind's `crt`); default /etc/haproxy/certs/NAME.pem. */
  path: absolutePath.optional(),
  /** Put it on both nodes now (default), or only store it. */
  distribute: z.boolean().default(true),
});
export type CertificateInput = z.input<typeof certificateInputSchema>;

/** What one check saw on a node (or through the VIP: key "vip"). */
export const servedEntrySchema = z.object({
  /** SHA-256 (file, handshake) … */
  fingerprint: z.string().optional(),
  /** … or SHA-1 (HAProxy's `show ssl cert`). */
  sha1: z.string().optional(),
  notAfter: z.string().optional(),
  /** Where it was seen: "file", "runtime" (HAProxy's memory), "tls" (a handshake). */
  via: z.string().optional(),
  error: z.string().optional(),
  at: z.string(),
});
export type ServedEntry = z.infer<typeof servedEntrySchema>;
export const servedSchema = z.record(z.string(), z.record(z.string(), servedEntrySchema));
/** { [node or "vip"]: { [via]: entry } } */
export type Served = z.infer<typeof servedSchema>;

export interface CertificateView extends CertificateMetadata {
  id: string;
  name: string;
  path: string;
  source: CertificateSource;
  /** Frontends of the latest revision whose binds name this path. */
  usedBy: string[];
  served: Served;
  checkedAt: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** restored: it failed (or its agents process died) and every node it touched has its old file and certificate back. */
export const JOB_STATUSES = ["pending", "running", "succeeded", "restored", "failed"] as const;
export type CertificateJobStatus = (typeof JOB_STATUSES)[number];

/**
 * What a file step saw before it wrote anything on its node (saved before the write): where the
 * original file is kept and how to know it again, so a process taking over after a crash can put it
 * back. Never the file itself (it holds a private key).
 */
export const fileRecordSchema = z.object({
  /** `FILE.hapair-cert-<job>`; null when there was no file (putting it back removes the file). */
  backup: z.string().nullable(),
  previous: z
    .object({
      sha256: z.string(),
      /** SHA-1 of its leaf, as `show ssl cert` prints it; null when it held no readable certificate. */
      sha1: z.string().nullable(),
      mode: z.number().int(),
      uid: z.number().int(),
      gid: z.number().int(),
    })
    .nullable(),
});
export type FileRecord = z.infer<typeof fileRecordSchema>;

export const jobStepSchema = z.object({
  node: z.string(),
  kind: z.string(),
  status: z.enum(["pending", "running", "done", "failed", "skipped"]),
  log: z.array(z.string()).default([]),
  error: z.string().optional(),
  /** File steps only, once the node's original was looked at. */
  recorded: fileRecordSchema.optional(),
});
export type CertificateJobStep = z.infer<typeof jobStepSchema>;

export interface CertificateJobView {
  id: number;
  clusterId: string;
  /** distribute: one certificate to both nodes; adopt: the files an imported config names, read and held. */
  kind: "distribute" | "adopt";
  name: string;
  path: string;
  fingerprint: string;
  status: CertificateJobStatus;
  requestedBy: string;
  steps: CertificateJobStep[];
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}
