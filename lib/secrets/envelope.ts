/**
 * Authenticated encryption of secrets at rest (SSH private keys, VRRP auth_pass, webhook URLs, SMTP
 * passwords): AES-256-GCM with a random IV, stored as `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64).
 * keyId names the key that sealed the value, so a rotation can find what it has not re-sealed yet.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

export interface SecretKey {
  id: string;
  key: Buffer;
}

export function secretKeyFrom(key: Buffer): SecretKey {
  if (key.length !== 32) throw new Error(`secret key must be 32 bytes, got ${key.length}`);
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 12), key };
}

export function seal(plaintext: string, key: SecretKey): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key.key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    "v1",
    key.id,
    iv.toString("base64"),
    cipher.getAuthTag().toString("base64"),
    ciphertext.toString("base64"),
  ].join(":");
}

export function sealedKeyId(sealed: string): string | null {
  const [version, keyId] = sealed.split(":");
  return version === "v1" && keyId ? keyId : null;
}

/** Opens a sealed value with whichever of the given keys sealed it. Never echoes the value in errors. */
export function open(sealed: string, keys: SecretKey[]): string {
  const [version, keyId, iv, tag, ciphertext] = sealed.split(":");
  if (version !== "v1" || !keyId || !iv || !tag || ciphertext === undefined)
    throw new Error("not a sealed secret");
  const key = keys.find((candidate) => candidate.id === keyId);
  if (!key) throw new Error(`secret was sealed with key ${keyId}, which is not loaded`);
  const decipher = createDecipheriv("aes-256-gcm", key.key, Buffer.from(iv, "base64"));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new Error(`secret sealed with key ${keyId} failed authentication (corrupted or tampered)`);
  }
}

/** A sealed value sealed again with the keyring's current key (a rotation or `hapair secrets reseal`). */
export function resealed(sealed: string, keyring: { current: SecretKey; all: SecretKey[] }): string {
  return seal(open(sealed, keyring.all), keyring.current);
}
