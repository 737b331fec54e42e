/**
 * HAProxy 2.6's runtime API for certificates, pure: the commands and how to read their answers.
 * `set ssl cert FILE <<` opens (or updates) a transaction with the new PEM, `commit ssl cert FILE`
 * swaps it in for new handshakes (no reload), `abort ssl cert FILE` drops it, `show ssl cert FILE`
 * tells what HAProxy holds in memory. The file on disk is not changed by any of them.
 */

/** The payload ends at an empty line: the PEM must have none inside (parseBundle's output has none). */
export function setSslCertCommand(path: string, pem: string): string {
  const body = pem
    .replace(/\r\n/g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trimEnd();
  // lib/ssh sends a newline after the command: with this one, that makes the empty line that ends the payload.
  return `set ssl cert ${path} <<\n${body}\n`;
}

export const commitSslCertCommand = (path: string) => `commit ssl cert ${path}`;
export const abortSslCertCommand = (path: string) => `abort ssl cert ${path}`;
export const showSslCertCommand = (path: string) => `show ssl cert ${path}`;

export type RuntimeReply = { ok: true } | { ok: false; notLoaded: boolean; message: string };

const firstLines = (reply: string) => reply.trim().split("\n").slice(0, 3).join(" ").slice(0, 300);

/** "Transaction created for certificate FILE!" or "Transaction updated …". */
export function readSetReply(reply: string): RuntimeReply {
  if (/^Transaction (created|updated) for certificate /m.test(reply)) return { ok: true };
  // HAProxy refuses a file no bind names: "Can't replace a certificate which is not referenced by the configuration!"
  return {
    ok: false,
    notLoaded: /not referenced by the configuration/i.test(reply),
    message: firstLines(reply),
  };
}

/** "Committing FILE" … "Success!" */
export function readCommitReply(reply: string): RuntimeReply {
  if (/^Success!/m.test(reply) && !/error/i.test(reply)) return { ok: true };
  return { ok: false, notLoaded: false, message: firstLines(reply) };
}

export interface LoadedCertificate {
  /** SHA-1 of the certificate, uppercase hex, as HAProxy prints it. */
  sha1: string;
  notAfter: string | null;
  serial: string | null;
  /** A transaction not yet committed shows as "*FILE" in HAProxy's answer. */
  uncommitted: boolean;
}

/** `show ssl cert FILE`'s answer; null when HAProxy does not hold that certificate. */
export function parseShowSslCert(reply: string): LoadedCertificate | null {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, "m").exec(reply)?.[1]?.trim() ?? null;
  const sha1 = field("SHA1 FingerPrint");
  if (!sha1 || !/^[0-9A-Fa-f]{40}$/.test(sha1)) return null;
  const notAfter = field("notAfter");
  const parsed = notAfter ? Date.parse(notAfter) : Number.NaN;
  return {
    sha1: sha1.toUpperCase(),
    notAfter: Number.isNaN(parsed) ? null : new Date(parsed).toISOString(),
    serial: field("Serial"),
    uncommitted: /^Filename:\s*\*/m.test(reply),
  };
}
