/**
 * Failed sign-ins in the audit log, aggregated so a guessing script cannot fill the database: one
 * row per user (or "(unknown user)") and client per 15 minutes, counting; past 100 such rows in an
 * hour the rest go into one "(many)" row per 15 minutes. The count is bumped in one SQL statement so
 * parallel failures do not lose it.
 */
import type { Database } from "@/lib/db/client";
import { perDialect } from "@/lib/db/dialect";
import { auditWrite } from "@/lib/audit/audit";

export const FAILED_LOGIN_ACTION = "auth.login-failed";
const WINDOW_MS = 15 * 60_000;
const MAX_ROWS_PER_HOUR = 100;

async function bump(db: Database, actor: string, target: string, now: Date): Promise<boolean> {
  const row = await db.auditEntry.findFirst({
    where: { action: FAILED_LOGIN_ACTION, actor, target, at: { gte: new Date(now.getTime() - WINDOW_MS) } },
    orderBy: { id: "desc" },
    select: { id: true },
  });
  if (!row) return false;
  const lastAt = now.toISOString();
  await perDialect(db, {
    sqlite: () =>
      db.$executeRaw`UPDATE "AuditEntry" SET "detail" = json_set(coalesce("detail", '{}'), '$.count', coalesce(json_extract("detail", '$.count'), 1) + 1, '$.lastAt', ${lastAt}) WHERE "id" = ${row.id}`,
    postgres: () =>
      db.$executeRaw`UPDATE "AuditEntry" SET "detail" = coalesce("detail", '{}'::jsonb) || jsonb_build_object('count', coalesce(("detail" ->> 'count')::int, 1) + 1, 'lastAt', CAST(${lastAt} AS TEXT)) WHERE "id" = ${row.id}`,
  });
  return true;
}

export async function recordFailedLogin(
  db: Database,
  input: { username: string; knownUser: boolean; client: string },
  now = new Date(),
): Promise<void> {
  const actor = input.knownUser ? input.username : "(unknown user)";
  if (await bump(db, actor, input.client, now)) return;
  const recent = await db.auditEntry.count({
    where: { action: FAILED_LOGIN_ACTION, at: { gte: new Date(now.getTime() - 4 * WINDOW_MS) } },
  });
  const [rowActor, target] = recent < MAX_ROWS_PER_HOUR ? [actor, input.client] : ["(many)", "(many)"];
  if (rowActor === "(many)" && (await bump(db, rowActor, target, now))) return;
  await auditWrite(db, {
    actor: rowActor,
    action: FAILED_LOGIN_ACTION,
    target,
    at: now,
    detail: { client: target, count: 1, lastAt: now.toISOString() },
  });
}
