/**
 * The agents' certificate worker: claims pending distribution jobs (one running per cluster) and
 * runs each in the background, so a slow node never holds up the loop. A job a dead agents process
 * left running is taken over and recovered: it goes on, or every node it touched is put back.
 */
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import type { SshPool } from "@/lib/ssh";
import type { CertificateJob } from "@/generated/prisma/client";
import { claimCertificateJob, takeOrphanedCertificateJobs } from "@/lib/store/certificate-jobs";
import { backgroundJobs, startClaimLoop } from "../runtime/claim-worker";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import { startLoop, type LoopHandle } from "../runtime/loop";
import { executeCertificateJob } from "./run-job";
import { checkServedCertificates } from "./served";

export const CERTIFICATE_CLAIM_INTERVAL_MS = 500;
/** Certificates change rarely and expire in days: a minute is soon enough to see a node serving another one. */
export const CERTIFICATE_CHECK_INTERVAL_MS = 60_000;

/** One pass: recover what a dead process left running, then claim and start what is pending. */
export function certificateWorker(
  db: Database,
  pool: SshPool,
  signal: AbortSignal,
  coordination: Coordination = soloCoordination(),
) {
  const { track, idle, busy } = backgroundJobs<number>((id, error) =>
    console.error(`[certificates] job ${id}: ${errorMessage(error)}`),
  );
  const pass = async () => {
    const run = (job: CertificateJob, recovering: boolean) =>
      track(job.id, async () => {
        if (recovering)
          console.error(
            `[certificates] job ${job.id} was left running by a stopped agents process: re-reading the nodes`,
          );
        await executeCertificateJob(db, pool, job, signal, recovering);
        // After a change, what is served is checked at once (not at the next round).
        await checkServedCertificates(db, pool, { clusterId: job.clusterId, signal });
      });
    for (const job of await takeOrphanedCertificateJobs(db, coordination, coordination.owns)) run(job, true);
    const next = () => claimCertificateJob(db, coordination.self, coordination.owns);
    for (let claimed = await next(); claimed; claimed = await next()) run(claimed, false);
  };
  return { pass, idle, busy };
}

export function startCertificateJobService(
  db: Database,
  pool: SshPool,
  coordination: Coordination = soloCoordination(),
): LoopHandle {
  return startClaimLoop("certificate jobs", CERTIFICATE_CLAIM_INTERVAL_MS, (signal) =>
    certificateWorker(db, pool, signal, coordination),
  );
}

/** The periodic check of what every node and VIP serves (agents/certificates/served.ts). */
export function startCertificateCheck(
  db: Database,
  pool: SshPool,
  coordination: Coordination = soloCoordination(),
): LoopHandle {
  return startLoop({
    name: "certificate check",
    intervalMs: CERTIFICATE_CHECK_INTERVAL_MS,
    timeoutMs: CERTIFICATE_CHECK_INTERVAL_MS - 5_000,
    startJitterMs: 5_000,
    run: async (signal) => {
      await checkServedCertificates(db, pool, { signal, owns: coordination.owns });
    },
  });
}
