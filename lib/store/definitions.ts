/**
 * Cluster definitions in the database: validate with the world's context (other clusters' VRIDs),
 * then save as a new immutable revision. Nothing is written unless the whole definition is valid.
 */
import type { Database } from "@/lib/db/client";
import {
  clusterDefinitionSchema,
  validateDefinition,
  type ClusterDefinition,
  type FieldIssue,
  type ValidationContext,
} from "@/lib/cluster/definition";
import { segmentOf } from "@/lib/cluster/net";
import { auditWrite } from "@/lib/audit/audit";
import { redactSecrets } from "@/lib/secrets/definition-secrets";
import { nodeKeyIssues } from "./node-keys";
import type { RefusalCode } from "./result";
import { saveClusterRevision } from "./revisions";

export type SaveOutcome =
  | { ok: true; clusterId: string; revision: number; created: boolean; warnings: FieldIssue[] }
  | { ok: false; code: RefusalCode; issues: FieldIssue[]; warnings: FieldIssue[] };

export async function validationContext(db: Database, exceptClusterId?: string): Promise<ValidationContext> {
  const clusters = await db.cluster.findMany({
    include: { revisions: { orderBy: { number: "desc" }, take: 1 } },
  });
  return {
    otherClusters: clusters
      .filter((c) => c.id !== exceptClusterId)
      .flatMap((c) => {
        const parsed = clusterDefinitionSchema.safeParse(c.revisions[0]?.spec);
        return parsed.success
          ? [
              {
                name: c.name,
                virtualRouterId: parsed.data.vrrp.virtualRouterId,
                segments: parsed.data.vips.map(segmentOf),
              },
            ]
          : [];
      }),
  };
}

/** Creates a cluster (mode "create"), or adds a revision to an existing one (mode "update"). */
export async function saveDefinition(
  db: Database,
  input: unknown,
  options: { author: string; message?: string } & (
    { mode: "create" } | { mode: "update"; clusterId: string; baseRevision?: number }
  ),
): Promise<SaveOutcome> {
  const existing =
    options.mode === "update"
      ? await db.cluster.findUnique({
          where: { id: options.clusterId },
          include: { revisions: { orderBy: { number: "desc" }, take: 1 } },
        })
      : null;
  if (options.mode === "update" && !existing)
    return {
      ok: false,
      code: "not-found",
      issues: [{ path: "(cluster)", message: "no such cluster" }],
      warnings: [],
    };
  const result = validateDefinition(input, await validationContext(db, existing?.id));
  if (!result.ok) return { ok: false, code: "invalid", issues: result.issues, warnings: result.warnings };
  const { definition, warnings } = result;
  const keyIssues = await nodeKeyIssues(definition);
  if (keyIssues.length > 0) return { ok: false, code: "invalid", issues: keyIssues, warnings };
  if (options.mode === "create" && (await db.cluster.findUnique({ where: { name: definition.name } }))) {
    return {
      ok: false,
      code: "conflict",
      issues: [{ path: "name", message: `a cluster named "${definition.name}" already exists` }],
      warnings,
    };
  }
  if (options.mode === "update" && existing) {
    if (definition.name !== existing.name)
      return {
        ok: false,
        code: "invalid",
        issues: [{ path: "name", message: "a cluster's name cannot change" }],
        warnings,
      };
    const latest = existing.revisions[0]?.number ?? 0;
    if (options.baseRevision !== undefined && options.baseRevision !== latest) {
      return {
        ok: false,
        code: "conflict",
        issues: [
          {
            path: "(revision)",
            message: `revision ${latest} was saved since you started editing revision ${options.baseRevision}; reload and apply your change again`,
          },
        ],
        warnings,
      };
    }
  }
  const saved = await saveClusterRevision(db, definition, options.author, options.message ?? "");
  if (!saved.ok) return { ok: false, code: "invalid", issues: saved.issues, warnings };
  return { ok: true, clusterId: saved.clusterId, revision: saved.number, created: saved.created, warnings };
}

export interface RevisionSummary {
  number: number;
  author: string;
  message: string;
  createdAt: string;
}

export async function listRevisions(db: Database, clusterId: string): Promise<RevisionSummary[]> {
  const rows = await db.clusterRevision.findMany({
    where: { clusterId },
    orderBy: { number: "desc" },
    select: { number: true, author: true, message: true, createdAt: true },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function getRevision(
  db: Database,
  clusterId: string,
  number?: number,
): Promise<{ number: number; definition: ClusterDefinition; name: string } | null> {
  const row = await db.clusterRevision.findFirst({
    where: { clusterId, ...(number === undefined ? {} : { number }) },
    orderBy: { number: "desc" },
    include: { cluster: { select: { name: true } } },
  });
  if (!row) return null;
  const parsed = clusterDefinitionSchema.safeParse(row.spec);
  // Redacted again: revisions saved before secrets were split out still hold them in the document.
  return parsed.success
    ? { number: row.number, definition: redactSecrets(parsed.data), name: row.cluster.name }
    : null;
}

export async function findClusterIdByName(db: Database, name: string): Promise<string | null> {
  return (await db.cluster.findUnique({ where: { name }, select: { id: true } }))?.id ?? null;
}

export async function deleteCluster(db: Database, clusterId: string, actor: string): Promise<boolean> {
  const cluster = await db.cluster.findUnique({ where: { id: clusterId }, select: { name: true } });
  if (!cluster) return false;
  const [deleted] = await db.$transaction([
    db.cluster.deleteMany({ where: { id: clusterId } }),
    auditWrite(db, { actor, action: "cluster.delete", target: cluster.name, clusterId }),
  ]);
  return deleted.count > 0;
}
