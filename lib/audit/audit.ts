/**
 * The audit log: who did what, when, to what. Writes are plain Prisma operations so callers can put
 * them in the same batch as the change they describe. Values are what the caller passes: definitions
 * arrive redacted (lib/secrets/definition-secrets), so no secret is ever written here.
 */
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/generated/prisma/client";

export interface AuditInput {
  actor: string;
  action: string;
  target?: string;
  clusterId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
  /** When it happened; the database's now unless given. */
  at?: Date;
}

const json = (value: unknown) => (value === undefined ? undefined : (value as Prisma.InputJsonValue));

/** `db` may be a transaction's client. */
export function auditWrite(db: Pick<Database, "auditEntry">, input: AuditInput) {
  return db.auditEntry.create({
    data: {
      at: input.at,
      actor: input.actor,
      action: input.action,
      target: input.target ?? "",
      clusterId: input.clusterId ?? null,
      before: json(input.before),
      after: json(input.after),
      detail: json(input.detail),
    },
  });
}

export async function recordAudit(db: Database, input: AuditInput): Promise<void> {
  await auditWrite(db, input);
}

export interface AuditRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  clusterId: string | null;
  before: unknown;
  after: unknown;
  detail: unknown;
}

/** Newest first; `beforeId` pages backwards. */
export async function listAudit(
  db: Database,
  options: { limit: number; beforeId?: number; action?: string },
): Promise<AuditRecord[]> {
  const rows = await db.auditEntry.findMany({
    where: {
      ...(options.beforeId ? { id: { lt: options.beforeId } } : {}),
      ...(options.action ? { action: { startsWith: options.action } } : {}),
    },
    orderBy: { id: "desc" },
    take: options.limit,
  });
  return rows.map((row) => ({ ...row, at: row.at.toISOString() }));
}
