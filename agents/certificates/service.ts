/**
 * The agents' certificate worker: claims pending distribution jobs (one running per cluster) and
 * runs each in the background, so a slow node never holds up the loop. Jobs an agents process that
 * died left running are failed (their steps say how far they got).
 */
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import type { SshPool } from "@/lib/ssh";
import { claimCertificateJob, failOrphanedCertificateJobs } from "@/lib/store/certificates";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import { startLoop, withCleanup, type LoopHandle } from "../runtime/loop";
import { executeCertificateJob } from "./run-job";
import { checkServedCertificates } from "./served";

export const CERTIFICATE_CLAIM_INTERVAL_MS = 500;
/** Certificates change rarely and expire in days: a minute is soon enough to see a node serving another one. */
export const CERTIFICATE_CHECK_INTERVAL_MS = 60_000;

export function startCertificateJobService(
  db: Database,
  pool: SshPool,
  coordination: Coordination = soloCoordination(),
): LoopHandle {
  const inFlight = new Set<Promise<void>>();
  const stopping = new AbortController();
  const claim = async () => {
    await failOrphanedCertificateJobs(db, coordination);
    const next = () => claimCertificateJob(db, coordination.self, coordination.owns);
    for (let job = await next(); job; job = await next()) {
      const id = job.id;
      const clusterId = job.clusterId;
      const work: Promise<void> = executeCertificateJob(db, pool, job, stopping.signal)
        // After a change, what is served is checked at once (not at the next round).
        .then(() => checkServedCertificates(db, pool, { clusterId, signal: stopping.signal }))
        .then(() => undefined)
        .catch((error: unknown) => console.error(`[certificates] job ${id}: ${errorMessage(error)}`))
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    }
  };
  const loop = startLoop({
    name: "certificate jobs",
    intervalMs: CERTIFICATE_CLAIM_INTERVAL_MS,
    timeoutMs: CERTIFICATE_CLAIM_INTERVAL_MS - 50,
    startJitterMs: 0,
    run: claim,
  });
  return withCleanup(loop, async () => {
    stopping.abort(new Error("agents stopping"));
    await Promise.allSettled([...inFlight]);
  });
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
