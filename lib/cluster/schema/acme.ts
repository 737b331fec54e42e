/**
 * ACME (RFC 8555) issuance and renewal with HTTP-01: the directory, the account's contact, which
 * certificates to keep issued, and the runtime map both nodes answer challenges from (edited with
 * `add map`/`del map` on each node's admin socket, so a VIP that moves mid-challenge still answers).
 */
import { z } from "zod";
import { IPV4, absolutePath, hostName, identifier, intIn } from "./primitives";

export const ACME_CHALLENGE_MAP = "/etc/haproxy/acme-challenges.map";

/** A DNS name a CA can validate over HTTP-01: a host name, not an address, no wildcard. */
const dnsName = hostName.refine(
  (name) => !IPV4.test(name),
  "a DNS name (HTTP-01 cannot validate an address)",
);

export const acmeCertificateSchema = z.strictObject({
  name: identifier,
  domains: z.array(dnsName).min(1, "at least one domain").max(100),
  /** Where the bundle (certificate, chain, key: HAProxy's crt format) goes on both nodes. */
  path: absolutePath,
});

export const acmeSchema = z.strictObject({
  directoryUrl: z.url({ protocol: /^https$/, error: "an https:// ACME directory URL" }).max(2048),
  email: z.email().max(254).optional(),
  /** A CA to trust for this directory only (a private or test ACME server); the system's CAs otherwise. */
  caPem: z
    .string()
    .max(16_384, "at most 16384 characters")
    .regex(
      /^(-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\s*)+$/,
      "PEM certificates",
    )
    .optional(),
  /** The map file HAProxy answers `/.well-known/acme-challenge/TOKEN` from (created empty when missing). */
  challengeMap: absolutePath.default(ACME_CHALLENGE_MAP),
  /** Renewal starts this many days before the certificate's notAfter. */
  renewBeforeDays: intIn(1, 90).default(30),
  certificates: z.array(acmeCertificateSchema).max(50).default([]),
});

export type AcmeSettings = z.infer<typeof acmeSchema>;
export type AcmeCertificateSpec = z.infer<typeof acmeCertificateSchema>;
