/**
 * A PEM bundle (certificate, its chain, one private key) parsed and checked with node:crypto: pure, no
 * I/O. The leaf comes first, each certificate is issued by the next one, the key matches the leaf.
 * Refusals are field issues on `pem` that never quote the key.
 */
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from "node:crypto";
import type { FieldIssue } from "@/lib/cluster/definition";
import { MAX_BUNDLE_BYTES } from "./types";

export { MAX_BUNDLE_BYTES };
/** Leaf plus intermediates; real chains have two or three. */
export const MAX_CHAIN_CERTIFICATES = 8;

export interface CertificateMetadata {
  subject: string;
  /** DNS names and IP addresses of subjectAltName, in order. */
  sans: string[];
  issuer: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the leaf's DER, uppercase hex pairs joined by ':' (as openssl and node print it). */
  fingerprint: string;
  /** SHA-1 of the leaf's DER, uppercase hex without separators (as HAProxy's `show ssl cert` prints it). */
  sha1: string;
}

export interface ParsedBundle {
  /** The certificates only, leaf first, normalised PEM. */
  chainPem: string;
  /** The private key, PKCS#8 PEM. */
  keyPem: string;
  metadata: CertificateMetadata;
}

export type BundleOutcome = { ok: true; bundle: ParsedBundle } | { ok: false; issues: FieldIssue[] };

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;
const KEY_LABELS = new Set(["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"]);

const refuse = (message: string, path = "pem"): BundleOutcome => ({
  ok: false,
  issues: [{ path, message }],
});

/** The names a client may ask for (SNI), from the leaf's subjectAltName. */
function subjectAltNames(cert: X509Certificate): string[] {
  const text = cert.subjectAltName ?? "";
  return text
    .split(/,\s*/)
    .map((entry) => /^(DNS|IP Address):(.+)$/.exec(entry.trim()))
    .flatMap((match) => (match?.[2] ? [match[2]] : []));
}

/** One line per RDN ("CN=a\nO=b") in node's output; shown joined with ", ". */
const dn = (text: string) => text.split("\n").filter(Boolean).join(", ");

export function certificateMetadata(cert: X509Certificate): CertificateMetadata {
  return {
    subject: dn(cert.subject),
    sans: subjectAltNames(cert),
    issuer: dn(cert.issuer),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    fingerprint: cert.fingerprint256,
    sha1: createHash("sha1").update(cert.raw).digest("hex").toUpperCase(),
  };
}

/** The leaf certificate of a chain PEM (what is stored), or null when it is not one. */
export function leafOf(chainPem: string): X509Certificate | null {
  try {
    return new X509Certificate(chainPem);
  } catch {
    return null;
  }
}

export function parseBundle(pem: string): BundleOutcome {
  if (Buffer.byteLength(pem, "utf8") > MAX_BUNDLE_BYTES)
    return refuse(`at most ${MAX_BUNDLE_BYTES / 1024} KiB: a certificate bundle is a few kilobytes`);
  const certs: X509Certificate[] = [];
  const keys: string[] = [];
  for (const match of pem.matchAll(BLOCK)) {
    const [block, label = ""] = match;
    if (label === "CERTIFICATE") {
      try {
        certs.push(new X509Certificate(block));
      } catch {
        return refuse(`certificate ${certs.length + 1} is not a readable X.509 certificate`);
      }
    } else if (KEY_LABELS.has(label)) keys.push(block);
    else if (label === "ENCRYPTED PRIVATE KEY")
      return refuse("the private key is encrypted: HAProxy needs it without a passphrase");
    else return refuse(`unexpected PEM block "${label}": give certificates and one private key`);
  }
  if (certs.length === 0) return refuse("no certificate (-----BEGIN CERTIFICATE-----) in the bundle");
  if (certs.length > MAX_CHAIN_CERTIFICATES)
    return refuse(`at most ${MAX_CHAIN_CERTIFICATES} certificates in a chain`);
  if (keys.length === 0) return refuse("no private key (-----BEGIN PRIVATE KEY-----) in the bundle");
  if (keys.length > 1) return refuse("more than one private key: give the one that matches the certificate");
  let key: KeyObject;
  try {
    key = createPrivateKey(keys[0] ?? "");
  } catch {
    return refuse("the private key is not readable");
  }
  const [leaf] = certs;
  if (!leaf) return refuse("no certificate in the bundle");
  if (!leaf.checkPrivateKey(key)) return refuse("the private key does not match the certificate");
  for (let i = 0; i + 1 < certs.length; i++) {
    const child = certs[i];
    const parent = certs[i + 1];
    if (child && parent && !child.checkIssued(parent))
      return refuse(
        `chain order: certificate ${i + 2} (${dn(parent.subject)}) did not issue certificate ${i + 1} (${dn(child.subject)}); give the leaf first, then each issuer`,
      );
  }
  // A lone self-signed certificate may say CA:TRUE (openssl req -x509 does by default): the pairs being
  // adopted use such files. Followed by others, a CA first is a chain given in the wrong order.
  const selfSigned = certs.length === 1 && leaf.checkIssued(leaf);
  if (leaf.ca && !selfSigned)
    return refuse("the first certificate is a CA certificate: give the server's certificate first");
  return {
    ok: true,
    bundle: {
      chainPem: certs.map((cert) => cert.toString().trim()).join("\n") + "\n",
      keyPem: key.export({ type: "pkcs8", format: "pem" }).toString(),
      metadata: certificateMetadata(leaf),
    },
  };
}

/** The file HAProxy reads (`crt`): the chain then the key. */
export function haproxyPem(chainPem: string, keyPem: string): string {
  return `${chainPem.trimEnd()}\n${keyPem.trimEnd()}\n`;
}
