import { AGENTS_HEARTBEAT_NAME, HEARTBEAT_INTERVAL_MS } from "@/lib/health/liveness";
import type { Database } from "@/lib/db/client";
import { startLoop, type LoopHandle } from "./runtime/loop";

/** Writes the agents' liveness row that the web server's health endpoint reads. */
export function startHeartbeat(db: Database): LoopHandle {
  const startedAt = new Date();
  return startLoop({
    name: "heartbeat",
    intervalMs: HEARTBEAT_INTERVAL_MS,
    timeoutMs: HEARTBEAT_INTERVAL_MS - 500,
    startJitterMs: 0,
    run: async () => {
      const now = new Date();
      await db.agentHeartbeat.upsert({
        where: { name: AGENTS_HEARTBEAT_NAME },
        create: { name: AGENTS_HEARTBEAT_NAME, pid: process.pid, startedAt, beatAt: now },
        update: { pid: process.pid, startedAt, beatAt: now },
      });
    },
  });
}
