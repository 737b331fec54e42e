/**
 * The agents' ACME loop: every pass, start a job for each certificate a definition's `acme` section
 * asks for that was never issued, whose domains changed, or whose notAfter is within renewBeforeDays
 * (lib/acme/renewal.ts), for the clusters this process owns; then run the oldest job (a running one
 * whose agents process died first), each claimed by one process.
 */
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import { dueCertificates } from "@/lib/acme/renewal";
import type { SshPool } from "@/lib/ssh";
import {
  activeAcmeCertificates,
  createAcmeJob,
  issuedCertificates,
  claimAcmeJob,
  saveAcmeJob,
} from "@/lib/store/acme-jobs";
import { latestRevisionNumbers } from "@/lib/store/acme-revisions";
import { latestDefinitions } from "@/lib/store/revisions";
import { backgroundJobs, claimService } from "../runtime/claim-worker";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import { acmeContext, jobView } from "./context";
import { executeAcmeJob } from "./execute";

export const ACME_INTERVAL_MS = 5_000;

/** Starts the jobs that are due now; the ids started. */
export async function scheduleAcmeJobs(
  db: Database,
  now: Date,
  owns: (clusterId: string) => boolean = () => true,
): Promise<number[]> {
  const started: number[] = [];
  const revisions = await latestRevisionNumbers(db);
  for (const { clusterId, definition } of await latestDefinitions(db)) {
    const acme = definition.acme;
    const revision = revisions.get(clusterId);
    if (!acme || acme.certificates.length === 0 || revision === undefined || !owns(clusterId)) continue;
    const due = dueCertificates({
      specs: acme.certificates,
      issued: await issuedCertificates(db, clusterId),
      active: await activeAcmeCertificates(db, clusterId),
      now,
      renewBeforeDays: acme.renewBeforeDays,
    });
    for (const { name, reason } of due) {
      const job = await createAcmeJob(db, { clusterId, revision, certificate: name, reason });
      if (job) started.push(job.id);
    }
  }
  return started;
}

/** Runs the next job to its end; its id and outcome, or null when there was none. */
export async function runNextAcmeJob(
  db: Database,
  pool: SshPool,
  signal: AbortSignal,
  log: (line: string) => void = () => {},
  who: Coordination = soloCoordination(),
): Promise<{ id: number; outcome: "succeeded" | "failed" } | null> {
  const row = await claimAcmeJob(db, who);
  if (!row) return null;
  try {
    const env = await acmeContext(db, pool, row, signal, log);
    return { id: row.id, outcome: await executeAcmeJob(env, jobView(row), signal) };
  } catch (error) {
    if (signal.aborted) throw error;
    // The job cannot even start (revision gone, account unreadable): it fails with the reason, once.
    await saveAcmeJob(db, { ...row, status: "failed", error: errorMessage(error) });
    return { id: row.id, outcome: "failed" };
  }
}

/**
 * One pass: schedule what is due, then run jobs in the background, one at a time, until none is left
 * (at most 20 a round). A job waits on the CA for up to a few minutes (bounded by acme-client's
 * backoff); passes meanwhile do nothing, so scheduling follows the jobs' end as before.
 */
export function acmeWorker(
  db: Database,
  pool: SshPool,
  signal: AbortSignal,
  log: (line: string) => void,
  who: Coordination = soloCoordination(),
) {
  const { track, idle, busy } = backgroundJobs<string>((key, error) =>
    console.error(`[acme] ${key}: ${errorMessage(error)}`),
  );
  const pass = async () => {
    if (busy()) return;
    await scheduleAcmeJobs(db, new Date(), who.owns);
    track("jobs", async () => {
      for (let ran = 0; ran < 20 && !signal.aborted; ran++)
        if (!(await runNextAcmeJob(db, pool, signal, log, who))) break;
    });
  };
  return { pass, idle, busy };
}

export const startAcmeService = claimService("acme", ACME_INTERVAL_MS, (db, pool, signal, coordination) =>
  acmeWorker(db, pool, signal, (line) => console.log(`[acme] ${line}`), coordination),
);
