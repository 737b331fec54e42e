/**
 * Agents processes and cluster leases in the database (rules: lib/leases/plan.ts). Every write that
 * decides ownership is one conditional UPDATE (a compare-and-set on owner and version), so two
 * processes racing for a row cannot both win, on SQLite or PostgreSQL alike.
 */
import type { Database } from "@/lib/db/client";
import type { RecordedProcess } from "@/lib/leases/local-process";
import type { LeasePlan, LeaseRow, ProcessRow } from "@/lib/leases/plan";
import { dbRefusal, isForeignKeyViolation } from "./db-errors";

export interface LeaseScan {
  clusterIds: string[];
  leases: LeaseRow[];
  processes: (ProcessRow & RecordedProcess)[];
}

export async function scanLeases(db: Database): Promise<LeaseScan> {
  const [clusters, leases, processes] = await Promise.all([
    db.cluster.findMany({ select: { id: true } }),
    db.clusterLease.findMany({ select: { clusterId: true, owner: true, version: true } }),
    db.agentProcess.findMany({
      select: { id: true, beats: true, stoppedAt: true, pid: true, host: true, identity: true },
    }),
  ]);
  return {
    clusterIds: clusters.map((c) => c.id),
    leases,
    processes: processes.map(({ stoppedAt, ...p }) => ({ ...p, stopped: stoppedAt !== null })),
  };
}

/** This process's row: created at start, its beat count moved on every renewal. */
export async function beatProcess(
  db: Database,
  process: { id: string; pid: number; host: string; identity: string | null; startedAt: Date },
  now: Date,
): Promise<void> {
  await db.agentProcess.upsert({
    where: { id: process.id },
    create: { ...process, beatAt: now, beats: 1 },
    update: { beatAt: now, beats: { increment: 1 } },
  });
}

export async function markProcessStopped(db: Database, id: string, now: Date): Promise<void> {
  await db.agentProcess.updateMany({ where: { id }, data: { stoppedAt: now } });
}

/** Rows of processes gone for a long while (only tidiness: a missing row reads as a dead process). */
export async function pruneProcesses(db: Database, before: Date): Promise<number> {
  return (await db.agentProcess.deleteMany({ where: { beatAt: { lt: before } } })).count;
}

const expiry = (now: Date, ttlMs: number) => ({
  renewedAt: now,
  expiresAt: new Date(now.getTime() + ttlMs),
});

/** The compare-and-set that takes a row: only if it still reads as it was seen (owner and version). */
const takeRow = (seen: LeaseRow, self: string, now: Date, ttlMs: number) => ({
  where: { clusterId: seen.clusterId, owner: seen.owner, version: seen.version },
  data: { owner: self, version: seen.version + 1, ...expiry(now, ttlMs) },
});

/** Takes a lease row if it still reads as it was seen (owner and version): true when this process won. */
export async function takeLease(
  db: Database,
  seen: LeaseRow,
  self: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  const { count } = await db.clusterLease.updateMany(takeRow(seen, self, now, ttlMs));
  return count === 1;
}

/** A cluster's first lease row, owned by this process; false when another process created it first (or the cluster is gone). */
export async function createLease(
  db: Database,
  clusterId: string,
  self: string,
  now: Date,
  ttlMs: number,
): Promise<boolean> {
  try {
    await db.clusterLease.create({ data: { clusterId, owner: self, version: 1, ...expiry(now, ttlMs) } });
    return true;
  } catch (error) {
    if (dbRefusal(error) === "unique" || isForeignKeyViolation(error)) return false;
    throw error;
  }
}

/**
 * Claims what a lease plan says to, one batch per kind (SQLite commits once instead of once per row:
 * a process taking 500 leases one commit at a time outlasted its own lease before it was done). The
 * clusters' first rows in one statement; when any already exists (a racing process created it) or its
 * cluster is gone, row by row instead (createLease), so each of the others is still created. Then the
 * rows seen free or expired in one transaction, each with takeLease's compare-and-set. True per row
 * this process won, in the plan's order.
 */
export async function claimLeases(
  db: Database,
  plan: Pick<LeasePlan, "create" | "take">,
  self: string,
  now: Date,
  ttlMs: number,
): Promise<{ created: boolean[]; taken: boolean[] }> {
  const created = plan.create.map(() => true);
  if (created.length > 0) {
    try {
      await db.clusterLease.createMany({
        data: plan.create.map((clusterId) => ({ clusterId, owner: self, version: 1, ...expiry(now, ttlMs) })),
      });
    } catch (error) {
      if (dbRefusal(error) !== "unique" && !isForeignKeyViolation(error)) throw error;
      for (const [i, clusterId] of plan.create.entries())
        created[i] = await createLease(db, clusterId, self, now, ttlMs);
    }
  }
  const taken =
    plan.take.length === 0
      ? []
      : await db.$transaction(
          plan.take.map((row) => db.clusterLease.updateMany(takeRow(row, self, now, ttlMs))),
        );
  return { created, taken: taken.map(({ count }) => count === 1) };
}

/** Renews every listed lease this process still owns, in one statement; how many it renewed. */
export async function renewLeases(
  db: Database,
  clusterIds: readonly string[],
  self: string,
  now: Date,
  ttlMs: number,
): Promise<number> {
  if (clusterIds.length === 0) return 0;
  const { count } = await db.clusterLease.updateMany({
    where: { clusterId: { in: [...clusterIds] }, owner: self },
    data: { version: { increment: 1 }, ...expiry(now, ttlMs) },
  });
  return count;
}

/** Hands leases back (owner null), only those this process still owns: another process may take them at once. */
export async function releaseLeases(
  db: Database,
  self: string,
  now: Date,
  clusterIds?: readonly string[],
): Promise<number> {
  const { count } = await db.clusterLease.updateMany({
    where: { owner: self, ...(clusterIds ? { clusterId: { in: [...clusterIds] } } : {}) },
    data: { owner: null, version: { increment: 1 }, renewedAt: now, expiresAt: now },
  });
  return count;
}

/** Who owns which cluster (the health page, tests). */
export async function leaseOwners(db: Database): Promise<Map<string, string | null>> {
  const rows = await db.clusterLease.findMany({ select: { clusterId: true, owner: true } });
  return new Map(rows.map((row) => [row.clusterId, row.owner]));
}
