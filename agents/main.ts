/**
 * The agents process: long-running workers that act on nodes (heartbeat, pollers, server actions,
 * alerting, rollouts). Runs beside the web server and shares its SQLite database.
 * SIGTERM/SIGINT stop every loop, wait for work in flight, close connections and exit 0.
 */
import { db } from "@/lib/db/client";
import { createSshPool } from "@/lib/ssh";
import { startAlerting } from "./alerting/service";
import { startDrillService } from "./drills/service";
import { startHeartbeat } from "./heartbeat";
import { startPollerService } from "./poller/poller-service";
import { startRolloutService } from "./rollouts/service";
import { startServerActionService } from "./server-actions/service";
import type { LoopHandle } from "./runtime/loop";

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const pool = createSshPool();
  const { evaluator, notifier } = startAlerting(db);
  const poller = startPollerService(db, pool, { onStateChange: () => evaluator.trigger() });
  const loops: LoopHandle[] = [startHeartbeat(db), poller, startServerActionService(db, pool), startRolloutService(db, pool), startDrillService(db, pool), evaluator, notifier];
  console.log(`[agents] started pid=${process.pid} loops=${loops.map((l) => l.name).join(",")}`);

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
    await Promise.allSettled(loops.map((loop) => loop.stop()));
    pool.closeAll();
    await db.$disconnect();
    console.log("[agents] stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((error: unknown) => {
  console.error("[agents] failed to start:", error);
  process.exit(1);
});
