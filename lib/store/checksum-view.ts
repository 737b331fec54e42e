/**
 * File checksums as the web shows them. A node's keepalived.conf carries the VRRP auth_pass (at most
 * 8 characters), so its raw sha256 would let any viewer guess the password offline. The web answers a
 * keyed HMAC instead: equal files still show equal values (peer comparison and drift keep working),
 * but without the key, which never leaves this process, nothing can be tested against them.
 */
import { createHmac, randomBytes } from "node:crypto";

const PROCESS_KEY = randomBytes(32);

/** The same file gives the same value within one server process; 128 bits, hex. */
export function viewChecksum(sum: string, key: Buffer = PROCESS_KEY): string {
  return createHmac("sha256", key).update(sum).digest("hex").slice(0, 32);
}

export function viewChecksums(checksums: Record<string, string>, key: Buffer = PROCESS_KEY): Record<string, string> {
  return Object.fromEntries(Object.entries(checksums).map(([file, sum]) => [file, viewChecksum(sum, key)]));
}
