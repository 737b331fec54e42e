/**
 * File checksums as the web shows them. A node's keepalived.conf carries the VRRP auth_pass (at most
 * 8 characters), so its raw sha256 would let any viewer guess the password offline. The web answers a
 * keyed HMAC instead: equal files still show equal values (peer comparison and drift keep working),
 * but without the key, which never leaves this process, nothing can be tested against them.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { RolloutPlan } from "@/lib/rollout/types";

const PROCESS_KEY = randomBytes(32);

/** The same file gives the same value within one server process; 128 bits, hex. */
export function viewChecksum(sum: string, key: Buffer = PROCESS_KEY): string {
  return createHmac("sha256", key).update(sum).digest("hex").slice(0, 32);
}

export function viewChecksums(
  checksums: Record<string, string>,
  key: Buffer = PROCESS_KEY,
): Record<string, string> {
  return Object.fromEntries(Object.entries(checksums).map(([file, sum]) => [file, viewChecksum(sum, key)]));
}

/** A rollout as the web answers it: the plan's before/after sha256 keyed like the live view's (the rendered keepalived.conf holds auth_pass). */
export function rolloutForViewers<R extends { plan: RolloutPlan | null }>(
  rollout: R,
  key: Buffer = PROCESS_KEY,
): R {
  if (!rollout.plan) return rollout;
  const nodes = rollout.plan.nodes.map((node) => ({
    ...node,
    files: node.files.map((file) => ({
      ...file,
      beforeSha: file.beforeSha === null ? null : viewChecksum(file.beforeSha, key),
      afterSha: viewChecksum(file.afterSha, key),
    })),
  }));
  return { ...rollout, plan: { ...rollout.plan, nodes } };
}
