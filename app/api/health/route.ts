import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import {
  agentsLiveness,
  AGENTS_HEARTBEAT_NAME,
  type AgentsLiveness,
  type SupervisorRow,
} from "@/lib/health/liveness";
import { readSupervisorRow } from "@/lib/store/supervisor";
import { publicRoute, sessionUserOf } from "../_lib/auth";
import { errorMessage } from "@/lib/error-message";

export const dynamic = "force-dynamic";

const startedAt = Date.now();

/**
 * Liveness of the web server, its database and the agents process; 503 when any is down, with
 * `status` saying which ("agents down" while the supervisor restarts them, with the restart count and
 * last exit). Public: load balancers and monitors probe it; the agents' last error lines (which may
 * name hosts and paths) go only to signed-in users.
 */
export const GET = publicRoute(async (request) => {
  const now = new Date();
  let database: { ok: boolean; error?: string } = { ok: true };
  let heartbeat = null;
  let supervisor: SupervisorRow | null = null;
  try {
    heartbeat = await db.agentHeartbeat.findUnique({ where: { name: AGENTS_HEARTBEAT_NAME } });
    supervisor = await readSupervisorRow(db);
  } catch (error) {
    database = { ok: false, error: errorMessage(error) };
  }
  const liveness = agentsLiveness(heartbeat, now, supervisor);
  const agents =
    liveness.supervised && !(await sessionUserOf(request).catch(() => null))
      ? withoutErrorLines(liveness)
      : liveness;
  const ok = database.ok && agents.alive;
  return NextResponse.json(
    {
      ok,
      status: !database.ok ? "database down" : agents.alive ? "ok" : "agents down",
      web: { ok: true, pid: process.pid, uptimeSec: Math.round((Date.now() - startedAt) / 1000) },
      database,
      agents,
      at: now.toISOString(),
    },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});

function withoutErrorLines(liveness: AgentsLiveness): AgentsLiveness {
  return liveness.supervised
    ? { ...liveness, supervised: { ...liveness.supervised, lastErrorLines: [] } }
    : liveness;
}
