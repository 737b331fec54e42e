/** Accepting a node's host key: the request shape (shared by API and UI) and the pure decision. */
import { z } from "zod";
import type { FieldIssue } from "@/lib/cluster/definition";

/** `SHA256:` + 43 characters of unpadded base64, as `ssh-keygen -lf` prints it. */
export const fingerprintSchema = z
  .string()
  .regex(/^SHA256:[A-Za-z0-9+/]{43}$/, "an SSH fingerprint like SHA256:… (43 characters of base64)");

/** The operator repeats the fingerprint they were shown, so a key that changed again meanwhile is not accepted blindly. */
export const acceptHostKeySchema = z.strictObject({ fingerprint: fingerprintSchema });

export interface NodeHostKey {
  hostKeyFingerprint: string | null;
  seenHostKeyFingerprint: string | null;
  hostKeyStatus: string;
}

/** Field issues when the presented key cannot be accepted as asked; empty when it can. */
export function hostKeyAcceptIssues(node: NodeHostKey, fingerprint: string): FieldIssue[] {
  if (node.hostKeyStatus === "pinned" && node.hostKeyFingerprint === fingerprint) return [];
  if (!node.seenHostKeyFingerprint)
    return [{ path: "fingerprint", message: "the node has not presented a key waiting for acceptance" }];
  if (node.seenHostKeyFingerprint !== fingerprint) {
    return [
      {
        path: "fingerprint",
        message: `the node now presents ${node.seenHostKeyFingerprint}, not ${fingerprint}: compare again`,
      },
    ];
  }
  return [];
}
