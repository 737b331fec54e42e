/**
 * ACME jobs and accounts in the database: a job per certificate at a time (`activeKey`), its steps
 * and data written as the executor goes; the account key and the certificate key sealed at rest.
 */
import type { AcmeJob } from "@/generated/prisma/client";
import type { Database } from "@/lib/db/client";
import { acmeSteps, type AcmeStepState } from "@/lib/acme/steps";
import type { IssuedCertificate, RenewalReason } from "@/lib/acme/renewal";
import { loadKeyring, type Keyring } from "@/lib/secrets/keyring";
import { open, resealed, seal } from "@/lib/secrets/envelope";
import { auditWrite } from "@/lib/audit/audit";
import type { AcmeJobView, AcmeOrderRequest } from "@/lib/acme/order";
import { clusterJobList } from "./cluster-job-list";
import { dbRefusal } from "./db-errors";
import { getRevision } from "./definitions";
import { takeFromDead, type RowOwner } from "./owned-rows";
import { refusal, type Refusal } from "./result";

export interface AcmeJobRow {
  id: number;
  clusterId: string;
  revision: number;
  certificate: string;
  reason: string;
  status: "pending" | "running" | "succeeded" | "failed";
  steps: AcmeStepState[];
  data: Record<string, unknown>;
  error: string | null;
}

const STATUSES = new Set(["pending", "running", "succeeded", "failed"]);

function rowView(row: AcmeJob): AcmeJobRow {
  const steps = Array.isArray(row.steps) ? (row.steps as unknown as AcmeStepState[]) : acmeSteps();
  const data =
    row.data && typeof row.data === "object" && !Array.isArray(row.data)
      ? (row.data as Record<string, unknown>)
      : {};
  return {
    id: row.id,
    clusterId: row.clusterId,
    revision: row.revision,
    certificate: row.certificate,
    reason: row.reason,
    status: STATUSES.has(row.status) ? (row.status as AcmeJobRow["status"]) : "failed",
    steps,
    data,
    error: row.error,
  };
}

const activeKey = (clusterId: string, certificate: string) => `${clusterId} ${certificate}`;

/** A new job for the certificate, or null when one is already pending or running. */
export async function createAcmeJob(
  db: Database,
  input: { clusterId: string; revision: number; certificate: string; reason: RenewalReason },
): Promise<AcmeJobRow | null> {
  try {
    const row = await db.acmeJob.create({
      data: {
        ...input,
        steps: acmeSteps() as unknown as object[],
        data: {},
        activeKey: activeKey(input.clusterId, input.certificate),
      },
    });
    return rowView(row);
  } catch (error) {
    if (dbRefusal(error) === "unique") return null;
    throw error;
  }
}

/** The oldest job to run: a running one first (agents restarted mid-job), else the oldest pending. */
export async function nextAcmeJob(db: Database): Promise<AcmeJobRow | null> {
  const row =
    (await db.acmeJob.findFirst({ where: { status: "running" }, orderBy: { id: "asc" } })) ??
    (await db.acmeJob.findFirst({ where: { status: "pending" }, orderBy: { id: "asc" } }));
  return row ? rowView(row) : null;
}

/**
 * The next job this process runs, taken with a conditional update on its owner: a running one whose
 * agents process died first (resumed), else the oldest pending one nobody claimed.
 */
export async function claimAcmeJob(db: Database, who: RowOwner): Promise<AcmeJobRow | null> {
  for (const status of ["running", "pending"] as const) {
    const rows = await db.acmeJob.findMany({ where: { status }, orderBy: { id: "asc" }, take: 20 });
    for (const row of rows) {
      const [taken] = await takeFromDead([row], who, (r) =>
        db.acmeJob.updateMany({ where: { id: r.id, status, owner: r.owner }, data: { owner: who.self } }),
      );
      if (taken) return rowView(taken);
    }
  }
  return null;
}

export async function getAcmeJob(db: Database, id: number): Promise<AcmeJobRow | null> {
  const row = await db.acmeJob.findUnique({ where: { id } });
  return row ? rowView(row) : null;
}

export async function saveAcmeJob(
  db: Database,
  job: Pick<AcmeJobRow, "id" | "status" | "steps" | "data" | "error">,
): Promise<void> {
  const done = job.status === "succeeded" || job.status === "failed";
  const notAfter = typeof job.data.notAfter === "string" ? new Date(job.data.notAfter) : null;
  await db.acmeJob.update({
    where: { id: job.id },
    data: {
      status: job.status,
      steps: job.steps as unknown as object[],
      data: job.data as object,
      error: job.error,
      notAfter: notAfter && !Number.isNaN(notAfter.getTime()) ? notAfter : null,
      ...(job.status === "running" ? { startedAt: new Date() } : {}),
      ...(done ? { finishedAt: new Date(), activeKey: null } : {}),
    },
  });
}

/** Per certificate of the cluster: the newest successful job's domains and notAfter. */
export async function issuedCertificates(db: Database, clusterId: string): Promise<IssuedCertificate[]> {
  const rows = await db.acmeJob.findMany({
    where: { clusterId, status: "succeeded", notAfter: { not: null } },
    orderBy: { id: "desc" },
  });
  const seen = new Map<string, IssuedCertificate>();
  for (const row of rows) {
    const view = rowView(row);
    const domains = Array.isArray(view.data.domains) ? view.data.domains.map(String) : [];
    if (!seen.has(row.certificate) && row.notAfter)
      seen.set(row.certificate, { name: row.certificate, domains, notAfter: row.notAfter });
  }
  return [...seen.values()];
}

export async function activeAcmeCertificates(db: Database, clusterId: string): Promise<string[]> {
  const rows = await db.acmeJob.findMany({
    where: { clusterId, activeKey: { not: null } },
    select: { certificate: true },
  });
  return rows.map((r) => r.certificate);
}

/** The account key for a directory and contact (created and sealed on first use) and its URL. */
export async function acmeAccount(
  db: Database,
  directoryUrl: string,
  email: string | undefined,
  createKey: () => Promise<string>,
): Promise<{ keyPem: string; accountUrl: string | null; remember(url: string): Promise<void> }> {
  const accountKey = `${directoryUrl} ${email ?? "-"}`;
  const keyring = loadKeyring();
  let row = await db.acmeAccount.findUnique({ where: { accountKey } });
  if (!row) {
    const keySealed = seal(await createKey(), keyring.current);
    // A parallel first use may have created it: keep whichever row won.
    row = await db.acmeAccount.upsert({
      where: { accountKey },
      create: { accountKey, keySealed },
      update: {},
    });
  }
  const id = row.id;
  return {
    keyPem: open(row.keySealed, keyring.all),
    accountUrl: row.accountUrl,
    remember: async (url) => {
      await db.acmeAccount.update({ where: { id }, data: { accountUrl: url } });
    },
  };
}

/** The writes that re-seal every ACME account key with the keyring's current key (`hapair secrets reseal|rotate`). */
export async function resealAcmeAccounts(db: Database, keyring: Keyring) {
  const rows = await db.acmeAccount.findMany({ select: { id: true, keySealed: true } });
  return rows.map((row) =>
    db.acmeAccount.update({ where: { id: row.id }, data: { keySealed: resealed(row.keySealed, keyring) } }),
  );
}

/** The job as the API and pages see it: steps and outcome, never the sealed key, the chain or the CA's URLs. */
export function acmeJobView(job: AcmeJobRow): AcmeJobView {
  return {
    id: job.id,
    certificate: job.certificate,
    reason: job.reason,
    status: job.status,
    steps: job.steps,
    domains: Array.isArray(job.data.domains) ? job.data.domains.map(String) : [],
    notAfter: typeof job.data.notAfter === "string" ? job.data.notAfter : null,
    error: job.error,
  };
}

export const listAcmeJobs = clusterJobList(
  (db, query) => db.acmeJob.findMany(query),
  (row): AcmeJobView => acmeJobView(rowView(row)),
);

/**
 * An order now for one of the latest definition's ACME certificates (issue, or renew when issued
 * before), audited; the agents' ACME loop runs it. Refused: no such certificate in the definition,
 * or a job for it already pending or running.
 */
export async function requestAcmeOrder(
  db: Database,
  clusterId: string,
  request: AcmeOrderRequest,
  actor: string,
): Promise<{ ok: true; job: AcmeJobView } | Refusal> {
  const revision = await getRevision(db, clusterId);
  if (!revision) return refusal("not-found", "(cluster)", "no such cluster");
  const acme = revision.definition.acme;
  if (!acme) return refusal("invalid", "certificate", "the cluster's definition has no acme section");
  if (!acme.certificates.some((c) => c.name === request.certificate))
    return refusal(
      "invalid",
      "certificate",
      `not one of the definition's acme.certificates (${acme.certificates.map((c) => c.name).join(", ") || "none"})`,
    );
  const issued = (await issuedCertificates(db, clusterId)).some((c) => c.name === request.certificate);
  const job = await createAcmeJob(db, {
    clusterId,
    revision: revision.number,
    certificate: request.certificate,
    reason: issued ? "renew" : "issue",
  });
  if (!job)
    return refusal("conflict", "certificate", `an ACME job for ${request.certificate} is pending or running`);
  await auditWrite(db, {
    actor,
    action: "acme.order",
    target: request.certificate,
    clusterId,
    after: { job: job.id, reason: job.reason, revision: revision.number },
  });
  return { ok: true, job: acmeJobView(job) };
}
