/**
 * Every worker of an agents process, started on one database and one SSH pool: agents/main.ts runs
 * them as the process, and the scale benchmark (scripts/bench/scale.ts) runs the same set over a pool
 * whose nodes replay recorded answers. `stop` ends every loop, waits for work in flight, and hands
 * the leases back.
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { startAcmeService } from "./acme/service";
import { startAlerting } from "./alerting/service";
import { startCertificateCheck, startCertificateJobService } from "./certificates/service";
import { startArpTruthService } from "./arp-truth/service";
import { startDrillScheduler } from "./drills/schedule";
import { startDrillService } from "./drills/service";
import { startHeartbeat } from "./heartbeat";
import { startMembership, type Membership } from "./runtime/membership";
import { startPollerService } from "./poller/poller-service";
import { startRolloutService } from "./rollouts/service";
import { startServerActionService } from "./server-actions/service";
import type { LoopHandle } from "./runtime/loop";

export interface Agents {
  coordination: Membership;
  /** The lease scan first, then every worker's loop. */
  loops: LoopHandle[];
  stop(): Promise<void>;
}

export function startAgents(
  db: Database,
  pool: SshPool,
  options: { onAlertRound?: (ms: number) => void } = {},
): Agents {
  const { membership: coordination, loop: leases } = startMembership(db);
  const { evaluator, notifier } = startAlerting(db, { coordination, onRound: options.onAlertRound });
  const poller = startPollerService(db, pool, { onStateChange: () => evaluator.trigger(), coordination });
  const loops: LoopHandle[] = [
    startHeartbeat(db),
    poller,
    startServerActionService(db, pool, coordination),
    startCertificateJobService(db, pool, coordination),
    startCertificateCheck(db, pool, coordination),
    startArpTruthService(db, pool, coordination),
    startRolloutService(db, pool, coordination),
    startDrillService(db, pool, coordination),
    startDrillScheduler(db),
    startAcmeService(db, pool, coordination),
    evaluator,
    notifier,
  ];
  return {
    coordination,
    loops: [leases, ...loops],
    async stop() {
      // The leases are renewed until the work stopped, then handed back for another process to take at once.
      await Promise.allSettled(loops.map((loop) => loop.stop()));
      await leases.stop();
      await coordination.leave();
    },
  };
}
