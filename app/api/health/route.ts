import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { agentsLiveness, AGENTS_HEARTBEAT_NAME } from "@/lib/health/liveness";
import { publicRoute } from "../_lib/auth";

export const dynamic = "force-dynamic";

const startedAt = Date.now();

/** Liveness of the web server, its database and the agents process; 503 when any is down. Public: load balancers and monitors probe it. */
export const GET = publicRoute(async () => {
  const now = new Date();
  let database: { ok: boolean; error?: string } = { ok: true };
  let heartbeat = null;
  try {
    heartbeat = await db.agentHeartbeat.findUnique({ where: { name: AGENTS_HEARTBEAT_NAME } });
  } catch (error) {
    database = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const agents = agentsLiveness(heartbeat, now);
  const ok = database.ok && agents.alive;
  return NextResponse.json(
    {
      ok,
      web: { ok: true, pid: process.pid, uptimeSec: Math.round((Date.now() - startedAt) / 1000) },
      database,
      agents,
      at: now.toISOString(),
    },
    { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
