/**
 * Scheduled drills in the database: which slot of a cluster's schedule ran last, the claim of a
 * slot (unique, so it runs once), and the page when a scheduled drill failed. The scheduler in
 * agents/drills/schedule.ts drives these with the pure slot logic of lib/drill/schedule.ts.
 */
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { DrillScheduleEntry } from "@/lib/cluster/schema/drills";
import type { Database } from "@/lib/db/client";
import type { DrillReport } from "@/lib/drill/types";
import { errorMessage } from "@/lib/error-message";

export const DRILL_FAILED_RULE = "drill-failed";
export const SCHEDULER_ACTOR = "scheduler";

export interface ScheduledCluster {
  clusterId: string;
  /** When the revision holding this schedule was saved: a never-run entry counts from here. */
  savedAt: Date;
  schedule: DrillScheduleEntry[];
}

export async function scheduledClusters(db: Database): Promise<ScheduledCluster[]> {
  const clusters = await db.cluster.findMany({
    include: { revisions: { orderBy: { number: "desc" }, take: 1 } },
  });
  const out: ScheduledCluster[] = [];
  for (const cluster of clusters) {
    const revision = cluster.revisions[0];
    const parsed = clusterDefinitionSchema.safeParse(revision?.spec);
    const schedule = parsed.success ? (parsed.data.drills?.schedule ?? []) : [];
    if (revision && schedule.length > 0)
      out.push({ clusterId: cluster.id, savedAt: revision.createdAt, schedule });
  }
  return out;
}

export async function lastSlot(db: Database, clusterId: string, mode: string): Promise<Date | null> {
  const row = await db.drillScheduleRun.findFirst({
    where: { clusterId, mode },
    orderBy: { slot: "desc" },
    select: { slot: true },
  });
  return row?.slot ?? null;
}

/** The slot's row, or null when it was claimed already. */
export async function claimSlot(
  db: Database,
  clusterId: string,
  mode: string,
  slot: Date,
): Promise<number | null> {
  try {
    return (await db.drillScheduleRun.create({ data: { clusterId, mode, slot } })).id;
  } catch (error) {
    if (/Unique constraint/i.test(errorMessage(error))) return null;
    throw error;
  }
}

export async function recordSlot(
  db: Database,
  id: number,
  outcome: { drillId: number } | { refused: string },
): Promise<void> {
  await db.drillScheduleRun.update({
    where: { id },
    data:
      "drillId" in outcome
        ? { drillId: outcome.drillId }
        : { refused: outcome.refused, judgedAt: new Date() },
  });
}

export async function finishedUnjudged(db: Database): Promise<
  {
    runId: number;
    clusterId: string;
    drill: { id: number; mode: string; status: string; report: DrillReport | null; error: string | null };
  }[]
> {
  const runs = await db.drillScheduleRun.findMany({ where: { judgedAt: null, drillId: { not: null } } });
  if (runs.length === 0) return [];
  const drills = await db.drill.findMany({
    where: { id: { in: runs.map((r) => r.drillId ?? -1) }, finishedAt: { not: null } },
  });
  return drills.flatMap((drill) => {
    const run = runs.find((r) => r.drillId === drill.id);
    return run
      ? [
          {
            runId: run.id,
            clusterId: drill.clusterId,
            drill: {
              id: drill.id,
              mode: drill.mode,
              status: drill.status,
              report: (drill.report ?? null) as unknown as DrillReport | null,
              error: drill.error,
            },
          },
        ]
      : [];
  });
}

/**
 * Pages a scheduled drill that went wrong: a one-off incident (fired and resolved at once, so the
 * evaluator never holds it open) with a notification per enabled channel, and marks the run judged.
 */
export async function judgeRun(
  db: Database,
  runId: number,
  page: { clusterId: string; key: string; summary: string; evidence: object } | null,
): Promise<void> {
  const now = new Date();
  if (!page) {
    await db.drillScheduleRun.update({ where: { id: runId }, data: { judgedAt: now } });
    return;
  }
  const channels = await db.notificationChannel.findMany({ where: { enabled: true }, select: { id: true } });
  await db.$transaction([
    db.alertIncident.create({
      data: {
        clusterId: page.clusterId,
        rule: DRILL_FAILED_RULE,
        key: page.key,
        severity: "warning",
        state: "resolved",
        summary: page.summary,
        since: now,
        firedAt: now,
        resolvedAt: now,
        evidence: page.evidence,
        notifications: { create: channels.map((c) => ({ channelId: c.id, event: "fire" })) },
      },
    }),
    db.drillScheduleRun.update({ where: { id: runId }, data: { judgedAt: now } }),
  ]);
}
