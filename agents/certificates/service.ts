/**
 * The agents' certificate worker: claims pending distribution jobs (one running per cluster) and
 * runs each in the background, so a slow node never holds up the loop. Jobs a previous agents
 * process left running are failed at start (their steps say how far they got).
 */
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import type { SshPool } from "@/lib/ssh";
import { claimCertificateJob } from "@/lib/store/certificates";
import { backgroundJobs, startClaimLoop } from "../runtime/claim-worker";
import { startLoop, type LoopHandle } from "../runtime/loop";
import { executeCertificateJob } from "./run-job";
import { checkServedCertificates } from "./served";

export const CERTIFICATE_CLAIM_INTERVAL_MS = 500;
/** Certificates change rarely and expire in days: a minute is soon enough to see a node serving another one. */
export const CERTIFICATE_CHECK_INTERVAL_MS = 60_000;

/** One pass: fail what a previous process left running (first pass only), then claim and start what is pending. */
export function certificateWorker(db: Database, pool: SshPool, signal: AbortSignal) {
  const { track, idle, busy } = backgroundJobs<number>((id, error) =>
    console.error(`[certificates] job ${id}: ${errorMessage(error)}`),
  );
  let cleanedUp = false;
  const pass = async () => {
    if (!cleanedUp) {
      await db.certificateJob.updateMany({
        where: { status: "running" },
        data: {
          status: "failed",
          error: "the agents stopped while it ran: run it again",
          finishedAt: new Date(),
        },
      });
      cleanedUp = true;
    }
    for (let claimed = await claimCertificateJob(db); claimed; claimed = await claimCertificateJob(db)) {
      const job = claimed;
      track(job.id, async () => {
        await executeCertificateJob(db, pool, job, signal);
        // After a change, what is served is checked at once (not at the next round).
        await checkServedCertificates(db, pool, { clusterId: job.clusterId, signal });
      });
    }
  };
  return { pass, idle, busy };
}

export function startCertificateJobService(db: Database, pool: SshPool): LoopHandle {
  return startClaimLoop("certificate jobs", CERTIFICATE_CLAIM_INTERVAL_MS, (signal) =>
    certificateWorker(db, pool, signal),
  );
}

/** The periodic check of what every node and VIP serves (agents/certificates/served.ts). */
export function startCertificateCheck(db: Database, pool: SshPool): LoopHandle {
  return startLoop({
    name: "certificate check",
    intervalMs: CERTIFICATE_CHECK_INTERVAL_MS,
    timeoutMs: CERTIFICATE_CHECK_INTERVAL_MS - 5_000,
    startJitterMs: 5_000,
    run: async (signal) => {
      await checkServedCertificates(db, pool, { signal });
    },
  });
}
