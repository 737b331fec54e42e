/**
 * Certificate jobs (distribute a stored bundle to both nodes, or adopt the files a pair already has):
 * the views, the claim by an agents process that holds the cluster, a dead owner's running job taken
 * over, and the steps written as they run.
 */
import {
  jobStepSchema,
  type CertificateJobStatus,
  type CertificateJobStep,
  type CertificateJobView,
} from "@/lib/certificates/types";
import type { Database } from "@/lib/db/client";
import type { CertificateJob, Prisma } from "@/generated/prisma/client";
import { clusterJobList } from "./cluster-job-list";
import { dbRefusal } from "./db-errors";
import { claimableClusters, takeFromDead, type RowOwner } from "./owned-rows";

export function jobSteps(value: unknown): CertificateJobStep[] {
  const parsed = jobStepSchema.array().safeParse(value ?? []);
  return parsed.success ? parsed.data : [];
}

export function certificateJobView(row: CertificateJob): CertificateJobView {
  return {
    id: row.id,
    clusterId: row.clusterId,
    kind: row.kind === "adopt" ? "adopt" : "distribute",
    name: row.name,
    path: row.path,
    fingerprint: row.fingerprint,
    status: row.status as CertificateJobStatus,
    requestedBy: row.requestedBy,
    steps: jobSteps(row.steps),
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export const listCertificateJobs = clusterJobList(
  (db, query) => db.certificateJob.findMany(query),
  certificateJobView,
);

export async function getCertificateJob(db: Database, id: number): Promise<CertificateJobView | null> {
  const row = await db.certificateJob.findUnique({ where: { id } });
  return row ? certificateJobView(row) : null;
}

/**
 * The oldest pending job of a cluster with no job running and no rollout holding its slot, claimed
 * (pending → running) by one agent. A job behind a rollout waits for it; the migration's trigger
 * refuses the claim when a rollout took the slot after the check, and the job stays pending.
 */
export async function claimCertificateJob(
  db: Database,
  owner: string | null = null,
  /** Only clusters this process holds the lease of (one process runs a cluster's jobs one after another). */
  owns: (clusterId: string) => boolean = () => true,
): Promise<CertificateJob | null> {
  const [running, rollouts] = await Promise.all([
    db.certificateJob.findMany({ where: { status: "running" }, select: { clusterId: true } }),
    db.rollout.findMany({ where: { activeKey: { not: null } }, select: { clusterId: true } }),
  ]);
  const busy = [...running, ...rollouts].map((r) => r.clusterId);
  const next = await db.certificateJob.findFirst({
    where: { status: "pending", clusterId: { in: await claimableClusters(db, owns, busy) } },
    orderBy: { id: "asc" },
  });
  if (!next) return null;
  try {
    const claimed = await db.certificateJob.updateMany({
      where: { id: next.id, status: "pending" },
      data: { status: "running", startedAt: new Date(), owner },
    });
    return claimed.count === 1 ? { ...next, status: "running", owner } : null;
  } catch (error) {
    if (dbRefusal(error) === "trigger") return null;
    throw error;
  }
}

/**
 * Jobs left running by an agents process that died, of clusters this process owns: each now this
 * one's to recover (agents/certificates/recover.ts: it goes on or puts every node back).
 */
export async function takeOrphanedCertificateJobs(
  db: Database,
  who: RowOwner,
  owns: (clusterId: string) => boolean = () => true,
): Promise<CertificateJob[]> {
  const rows = (
    await db.certificateJob.findMany({ where: { status: "running" }, orderBy: { id: "asc" } })
  ).filter((row) => owns(row.clusterId));
  return takeFromDead(rows, who, (row) =>
    db.certificateJob.updateMany({
      where: { id: row.id, status: "running", owner: row.owner },
      data: { owner: who.self },
    }),
  );
}

export async function writeCertificateJob(
  db: Database,
  id: number,
  update: { steps: CertificateJobStep[]; status?: CertificateJobStatus; error?: string | null },
): Promise<void> {
  const finished = update.status !== undefined && update.status !== "pending" && update.status !== "running";
  await db.certificateJob.update({
    where: { id },
    data: {
      steps: update.steps as unknown as Prisma.InputJsonValue,
      ...(update.status ? { status: update.status } : {}),
      ...(update.error !== undefined ? { error: update.error } : {}),
      ...(finished ? { finishedAt: new Date() } : {}),
    },
  });
}
