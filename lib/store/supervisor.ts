/**
 * The supervisor's row (scripts/start.ts): one `AgentHeartbeat` row named "supervisor" whose `info`
 * holds what it saw of the web server and the agents (restarts, last exit, last error lines). It beats
 * like the agents do, so readers can tell a live supervisor's view from one left behind.
 */
import type { Database } from "@/lib/db/client";
import type { SupervisorRow } from "@/lib/health/liveness";
import { SUPERVISOR_ROW_NAME, supervisorRecordSchema, type SupervisorRecord } from "@/lib/health/supervision";

export async function writeSupervisorRecord(
  db: Database,
  startedAt: Date,
  record: SupervisorRecord,
): Promise<void> {
  const row = { pid: process.pid, startedAt, beatAt: new Date(), info: record };
  await db.agentHeartbeat.upsert({
    where: { name: SUPERVISOR_ROW_NAME },
    create: { name: SUPERVISOR_ROW_NAME, ...row },
    update: row,
  });
}

/** Null when there is no row or it does not hold a record this version understands. */
export async function readSupervisorRow(db: Database): Promise<SupervisorRow | null> {
  const row = await db.agentHeartbeat.findUnique({ where: { name: SUPERVISOR_ROW_NAME } });
  const parsed = supervisorRecordSchema.safeParse(row?.info);
  return row && parsed.success ? { beatAt: row.beatAt, record: parsed.data } : null;
}
