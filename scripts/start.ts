/**
 * Runs hapair in production mode: migrates the database, then supervises the web server and the agents
 * process (scripts/supervisor.ts): either one that exits is restarted with backoff, the other keeps
 * running, so the dashboard stays up and says "agents down" while the agents crash. What the supervisor
 * sees (restarts, last exit, last error lines) goes into the database every 2 s and on every change,
 * where `GET /api/health` and the dashboard read it. SIGTERM/SIGINT stop both cleanly.
 * HOST and PORT choose the web server's address (default 127.0.0.1:3000).
 */
import { AGENTS_NODE_FLAGS } from "@/agents/node-flags";
import { db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/db/migrate";
import { startFailureExitCode } from "@/lib/db/migration-level";
import { installLogFormat } from "@/lib/log";
import { HEARTBEAT_INTERVAL_MS } from "@/lib/health/liveness";
import type { SupervisorRecord } from "@/lib/health/supervision";
import { writeSupervisorRecord } from "@/lib/store/supervisor";
import { startSupervisor } from "./supervisor";
import { errorMessage } from "@/lib/error-message";

const host = process.env.HOST ?? "127.0.0.1";
const port = process.env.PORT ?? "3000";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** Writes the newest record, one write at a time; a failed write is logged and retried on the next beat. */
function recordWriter(startedAt: Date): {
  write: (record: SupervisorRecord) => void;
  flush: () => Promise<void>;
} {
  let latest: SupervisorRecord | null = null;
  let writing: Promise<void> = Promise.resolve();
  let busy = false;
  const drain = async () => {
    busy = true;
    while (latest) {
      const record = latest;
      latest = null;
      await writeSupervisorRecord(db, startedAt, record).catch((error: unknown) =>
        console.error(`[hapair] could not record the supervisor state: ${errorMessage(error)}`),
      );
    }
    busy = false;
  };
  return {
    write(record) {
      latest = record;
      if (!busy) writing = drain();
    },
    flush: () => writing,
  };
}

async function main(): Promise<void> {
  installLogFormat();
  await migrateDatabase();
  const writer = recordWriter(new Date());
  const supervisor = startSupervisor({
    env,
    onChange: writer.write,
    programs: [
      // Our own server around Next.js's handler: it tells the app each request's TCP peer (scripts/web-server.ts).
      {
        name: "web",
        command: process.execPath,
        args: ["--import", "tsx", "scripts/web-server.ts"],
        env: { NODE_ENV: "production", HOST: host, PORT: port },
      },
      {
        name: "agents",
        command: process.execPath,
        args: [...AGENTS_NODE_FLAGS, "--import", "tsx", "agents/main.ts"],
      },
    ],
  });
  const beat = setInterval(() => writer.write(supervisor.record()), HEARTBEAT_INTERVAL_MS);
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    clearInterval(beat);
    await supervisor.stop(signal);
    await writer.flush();
    await db.$disconnect();
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error("[hapair] failed to start:", error instanceof Error ? error.message : error);
  process.exit(startFailureExitCode(error));
});
