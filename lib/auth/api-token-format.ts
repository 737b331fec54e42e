/**
 * The API token's text: `hapair_<id>_<secret>`, the id 16 hex digits (the row's key, safe to show
 * and log), the secret 32 random bytes in base64url. Only the secret's SHA-256 is stored; a random
 * 256-bit secret needs no slow hash. Comparison is constant-time over the digests.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const FORMAT = /^hapair_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface ParsedToken {
  id: string;
  secret: string;
}

export function newTokenText(): { text: string; id: string; secretHash: string } {
  const id = randomBytes(8).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  return { text: `hapair_${id}_${secret}`, id, secretHash: secretHashOf(secret) };
}

export function parseTokenText(text: string): ParsedToken | null {
  const match = FORMAT.exec(text);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}

export function secretHashOf(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Constant-time: both sides are SHA-256 hex digests of the same length. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const given = Buffer.from(secretHashOf(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return stored.length === given.length && timingSafeEqual(given, stored);
}

/** The token in an `Authorization` header: absent, malformed, or its text. */
export function bearerOf(
  headers: Headers,
): { kind: "none" } | { kind: "bad" } | { kind: "token"; text: string } {
  const header = headers.get("authorization");
  if (header === null) return { kind: "none" };
  const match = /^Bearer ([^\s]{1,200})$/i.exec(header.trim());
  return match?.[1] ? { kind: "token", text: match[1] } : { kind: "bad" };
}
