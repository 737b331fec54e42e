/** Pins the host key an operator accepted for a node (database only: the poller picks it up). */
import { auditWrite } from "@/lib/audit/audit";
import type { FieldIssue } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import { hostKeyAcceptIssues } from "@/lib/status/host-key";

export type AcceptOutcome =
  { ok: true; fingerprint: string } | { ok: false; status: 404 | 409; issues: FieldIssue[] };

export async function acceptHostKey(
  db: Database,
  clusterId: string,
  nodeId: string,
  fingerprint: string,
  author: string,
): Promise<AcceptOutcome> {
  const node = await db.node.findFirst({ where: { id: nodeId, clusterId } });
  if (!node)
    return { ok: false, status: 404, issues: [{ path: "(node)", message: "no such node in this cluster" }] };
  const issues = hostKeyAcceptIssues(node, fingerprint);
  if (issues.length > 0) return { ok: false, status: 409, issues };
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
