/**
 * The agents process: long-running workers that act on nodes (heartbeat, pollers, server actions,
 * alerting, rollouts). Runs beside the web server and shares its database, with any number of other
 * agents processes: each polls and evaluates the clusters whose lease it holds (runtime/membership.ts)
 * and claims jobs and notifications row by row. SIGTERM/SIGINT stop every loop, wait for work in
 * flight, hand the leases back, close connections and exit 0.
 */
import { db } from "@/lib/db/client";
import { NewerDatabaseError, refuseNewerDatabase, startFailureExitCode } from "@/lib/db/migration-level";
import { installLogFormat, logger } from "@/lib/log";
import { createSshPool } from "@/lib/ssh";
import { startAgents } from "./start-agents";

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Last resort only (the emit sites have handlers: lib/ssh attaches its socket and client handlers
 * before connecting): an error that still escapes, say from one node's socket, is logged and the
 * process goes on, since one node must not stop the others. Errors that are not a node's end it.
 */
function keepRunningOnNodeErrors(): void {
  const fromANode = (error: unknown) =>
    error instanceof Error &&
    (error.name === "SshError" ||
      /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE|ssh|sftp|channel|handshake|private ?key/i.test(
        `${error.message} ${(error as NodeJS.ErrnoException).code ?? ""}`,
      ));
  const backstop = (what: string) => (error: unknown) => {
    if (!fromANode(error)) {
      console.error(`[agents] ${what}, exiting:`, error);
      process.exit(1);
    }
    console.error(
      `[agents] ${what} from a node (kept running): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  };
  process.on("uncaughtException", backstop("uncaught exception"));
  process.on("unhandledRejection", backstop("unhandled rejection"));
}

const log = logger("agents");

async function main(): Promise<void> {
  installLogFormat();
  await refuseNewerDatabase(db);
  keepRunningOnNodeErrors();
  const pool = createSshPool();
  const agents = startAgents(db, pool);
  log.info("started", {
    pid: process.pid,
    id: agents.coordination.self,
    loops: agents.loops.map((l) => l.name).join(","),
  });

  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`[agents] ${signal}: stopping`);
    const forced = setTimeout(() => {
      console.error("[agents] work still in flight after the grace period; exiting anyway");
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    forced.unref();
    await agents
      .stop()
      .catch((error: unknown) => console.error("[agents] could not hand the leases back:", error));
    pool.closeAll();
    await db.$disconnect();
    console.log("[agents] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("[agents] failed to start:", error instanceof NewerDatabaseError ? error.message : error);
  process.exit(startFailureExitCode(error));
});
