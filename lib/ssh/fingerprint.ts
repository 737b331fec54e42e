import { createHash } from "node:crypto";

/** `SHA256:<unpadded base64>` of a raw SSH host key: the same text `ssh-keygen -lf` prints. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;
}
