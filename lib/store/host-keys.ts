/** Pins the host key an operator accepted for a node (database only: the poller picks it up). */
import { auditWrite } from "@/lib/audit/audit";
import type { Database } from "@/lib/db/client";
import { hostKeyAcceptIssues } from "@/lib/status/host-key";
import { refusal, type Refusal } from "./result";

export type AcceptOutcome = { ok: true; fingerprint: string } | Refusal;

export async function acceptHostKey(
  db: Database,
  clusterId: string,
  nodeId: string,
  fingerprint: string,
  author: string,
): Promise<AcceptOutcome> {
  const node = await db.node.findFirst({ where: { id: nodeId, clusterId } });
  if (!node) return refusal("not-found", "(node)", "no such node in this cluster");
  // The node no longer presents that key (or none is waiting to be accepted).
  const issues = hostKeyAcceptIssues(node, fingerprint);
  if (issues.length > 0) return { ok: false, code: "forbidden-by-state", issues };
  if (node.hostKeyStatus === "pinned" && node.hostKeyFingerprint === fingerprint)
    return { ok: true, fingerprint };
  const previous = node.hostKeyFingerprint;
  await db.$transaction([
    db.node.update({
      where: { id: nodeId },
      data: { hostKeyFingerprint: fingerprint, hostKeyStatus: "pinned", seenHostKeyFingerprint: null },
    }),
    db.clusterEvent.create({
      data: {
        clusterId,
        kind: "hostkey",
        message: `${node.name}: host key ${fingerprint} accepted by ${author}${previous ? ` (was ${previous})` : ""}`,
        data: { node: node.name, author, previous, fingerprint },
      },
    }),
    auditWrite(db, {
      actor: author,
      action: "node.host-key-accept",
      target: node.name,
      clusterId,
      before: { fingerprint: previous },
      after: { fingerprint },
    }),
  ]);
  return { ok: true, fingerprint };
}
