import type { Database } from "@/lib/db/client";
import { auditWrite } from "@/lib/audit/audit";
import { clusterDefinitionSchema, type ClusterDefinition, type FieldIssue } from "@/lib/cluster/definition";
import {
  revealSecrets,
  sameStoredRevision,
  sealSecrets,
  storedSecrets,
} from "@/lib/secrets/definition-secrets";
import { loadKeyring } from "@/lib/secrets/keyring";
import { errorMessage } from "@/lib/error-message";

export type SavedRevision =
  { ok: true; clusterId: string; number: number; created: boolean } | { ok: false; issues: FieldIssue[] };

/**
 * Saves a validated definition as the cluster's next immutable revision (creating the cluster on
 * first save) and brings the node rows in line: a fingerprint in the definition pins that node's key.
 * Secrets are sealed apart from the stored definition; the marker keeps the previous value. Saving a
 * definition equal to the latest revision creates nothing. The audit entry is written with the change.
 */
export async function saveClusterRevision(
  db: Database,
  definition: ClusterDefinition,
  author: string,
  message = "",
): Promise<SavedRevision> {
  // Reads first, then a single write statement (or one short batch): an interactive transaction held
  // SQLite's write lock across awaits and timed out while the poller was writing observations.
  const pinned = (node: ClusterDefinition["nodes"][number]) =>
    node.hostKeyFingerprint ? { hostKeyFingerprint: node.hostKeyFingerprint, hostKeyStatus: "pinned" } : {};
  const cluster = await db.cluster.findUnique({
    where: { name: definition.name },
    include: { revisions: { orderBy: { number: "desc" }, take: 1 } },
  });
  const latest = cluster?.revisions[0];
  const sealed = sealSecrets(definition, storedSecrets(latest?.secrets), loadKeyring());
  if (!sealed.ok) return sealed;
  const { spec, secrets } = sealed;
  if (!cluster) {
    // A new cluster, its first revision and its nodes in one nested write: never a cluster without a revision.
    const [created] = await db.$transaction([
      db.cluster.create({
        data: {
          name: definition.name,
          revisions: { create: { number: 1, spec, secrets, author, message } },
          nodes: { create: definition.nodes.map((node) => ({ name: node.name, ...pinned(node) })) },
        },
      }),
      auditWrite(db, {
        actor: author,
        action: "cluster.create",
        target: definition.name,
        after: spec,
        detail: { revision: 1, message },
      }),
    ]);
    return { ok: true, clusterId: created.id, number: 1, created: true };
  }
  if (
    latest &&
    sameStoredRevision({ spec: latest.spec, secrets: storedSecrets(latest.secrets) }, { spec, secrets })
  ) {
    return { ok: true, clusterId: cluster.id, number: latest.number, created: false };
  }
  // A concurrent save of the same number fails on the (clusterId, number) unique key instead of overwriting.
  const number = (latest?.number ?? 0) + 1;
  await db.$transaction([
    db.clusterRevision.create({ data: { clusterId: cluster.id, number, spec, secrets, author, message } }),
    ...definition.nodes.map((node) =>
      db.node.upsert({
        where: { clusterId_name: { clusterId: cluster.id, name: node.name } },
        create: { clusterId: cluster.id, name: node.name, ...pinned(node) },
        update: pinned(node),
      }),
    ),
    db.cluster.update({ where: { id: cluster.id }, data: { updatedAt: new Date() } }),
    auditWrite(db, {
      actor: author,
      action: "cluster.update",
      target: definition.name,
      clusterId: cluster.id,
      before: latest?.spec,
      after: spec,
      detail: { revision: number, message },
    }),
  ]);
  return { ok: true, clusterId: cluster.id, number, created: true };
}

type RevisionRow = { spec: unknown; secrets: unknown } | undefined;

/** A stored revision's definition with its secrets in clear, or null when it cannot be read or opened. */
function revealRevision(
  clusterName: string,
  revision: RevisionRow,
  keyring: ReturnType<typeof loadKeyring>,
): ClusterDefinition | null {
  const parsed = clusterDefinitionSchema.safeParse(revision?.spec);
  if (!parsed.success) return null;
  try {
    return revealSecrets(parsed.data, storedSecrets(revision?.secrets), keyring);
  } catch (error) {
    // The message names the field and the key id, never the value.
    console.error(`[secrets] cluster ${clusterName}: ${errorMessage(error)}`);
    return null;
  }
}

/**
 * Revealed definitions by revision: a revision never changes, and its sealed secrets only on a
 * reseal (part of the key), so each is parsed and opened once per process, not on every reconcile
 * (500 clusters every 5 s and on every lease change were seconds of CPU: scripts/bench/scale.ts).
 */
const revealed = new Map<string, { sealed: string; keyIds: string; definition: ClusterDefinition | null }>();
const REVEALED_KEPT = 10_000;

function revealedOnce(
  clusterName: string,
  revision: { id: string; spec: unknown; secrets: unknown } | undefined,
  keyring: ReturnType<typeof loadKeyring>,
): ClusterDefinition | null {
  if (!revision) return revealRevision(clusterName, revision, keyring);
  const sealed = JSON.stringify(revision.secrets ?? null);
  const keyIds = keyring.all.map((key) => key.id).join(",");
  const known = revealed.get(revision.id);
  if (known && known.sealed === sealed && known.keyIds === keyIds) return known.definition;
  const definition = revealRevision(clusterName, revision, keyring);
  if (revealed.size >= REVEALED_KEPT) revealed.clear();
  revealed.set(revision.id, { sealed, keyIds, definition });
  return definition;
}

/**
 * The latest revision's definition of every cluster with its secrets in clear: for the agents only,
 * never for anything that answers a browser. A cluster whose secrets cannot be opened is left out.
 */
export async function latestDefinitions(
  db: Database,
): Promise<{ clusterId: string; definition: ClusterDefinition; nodeIds: Record<string, string> }[]> {
  const clusters = await db.cluster.findMany({
    include: { revisions: { orderBy: { number: "desc" }, take: 1 }, nodes: true },
  });
  const keyring = loadKeyring();
  return clusters.flatMap((cluster) => {
    const definition = revealedOnce(cluster.name, cluster.revisions[0], keyring);
    return definition
      ? [
          {
            clusterId: cluster.id,
            definition,
            nodeIds: Object.fromEntries(cluster.nodes.map((n) => [n.name, n.id])),
          },
        ]
      : [];
  });
}

/** One revision of one cluster with its secrets in clear (a rollout of an earlier revision): agents only. */
export async function revisionDefinition(
  db: Database,
  clusterId: string,
  number: number,
): Promise<{
  definition: ClusterDefinition;
  nodeIds: Record<string, string>;
  pins: Record<string, string | null>;
} | null> {
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    include: { revisions: { where: { number } }, nodes: true },
  });
  if (!cluster) return null;
  const definition = revealRevision(cluster.name, cluster.revisions[0], loadKeyring());
  if (!definition) return null;
  return {
    definition,
    nodeIds: Object.fromEntries(cluster.nodes.map((n) => [n.name, n.id])),
    pins: Object.fromEntries(cluster.nodes.map((n) => [n.name, n.hostKeyFingerprint])),
  };
}
