/**
 * Job rows (rollouts, drills, certificate and ACME jobs, server actions) carry the agents process
 * that claimed them. A row whose owner died is taken over with one conditional update on its id,
 * status and that owner, so of several processes noticing at once exactly one recovers it.
 */

import type { Database } from "@/lib/db/client";

/**
 * The clusters a claim may take a job of: those this process owns (its leases), less those busy. In
 * the query, not filtered after it: taking the oldest N pending rows and then keeping owned ones let
 * N rows of clusters another process owns starve this one's job.
 */
export async function claimableClusters(
  db: Database,
  owns: (clusterId: string) => boolean,
  busy: readonly string[],
): Promise<string[]> {
  const skip = new Set(busy);
  const clusters = await db.cluster.findMany({ select: { id: true } });
  return clusters.map((c) => c.id).filter((id) => owns(id) && !skip.has(id));
}

/** What the store needs to know about this process and the others (agents/runtime/coordination.ts). */
export interface RowOwner {
  readonly self: string;
  isDead(owner: string | null): boolean;
}

/** The rows (read with their owner) this process took from dead owners; `take` is the conditional update (rows changed). */
export async function takeFromDead<T extends { owner: string | null }>(
  rows: readonly T[],
  who: RowOwner,
  take: (row: T) => Promise<{ count: number }>,
): Promise<T[]> {
  const taken: T[] = [];
  for (const row of rows) {
    if (row.owner === who.self || !who.isDead(row.owner)) continue;
    if ((await take(row)).count === 1) taken.push({ ...row, owner: who.self });
  }
  return taken;
}

/** Running rows this process goes on with as their owner now (`takeFromDead`); `updateMany` is the model's. */
export function takeRunningFromDead<T extends { id: number; owner: string | null }>(
  rows: readonly T[],
  who: RowOwner,
  updateMany: (args: {
    where: { id: number; status: "running"; owner: string | null };
    data: { owner: string };
  }) => Promise<{ count: number }>,
): Promise<T[]> {
  return takeFromDead(rows, who, (row) =>
    updateMany({ where: { id: row.id, status: "running", owner: row.owner }, data: { owner: who.self } }),
  );
}
