/**
 * Drills in the database: the web server (and the CLI) request one after the pre-checks; the agents
 * claim it, write its steps and timeline as they go, and finish it with its report. One drill or
 * rollout per cluster (the shared `activeKey` slot, see the drills migration's triggers).
 */
import { auditWrite } from "@/lib/audit/audit";
import { drillsSettings } from "@/lib/cluster/schema/drills";
import type { Database } from "@/lib/db/client";
import type { Drill, Prisma } from "@/generated/prisma/client";
import { expectedFailover } from "@/lib/drill/bound";
import { precheckDrill } from "@/lib/drill/prechecks";
import {
  DRILL_FINISHED,
  type DrillAlert,
  type DrillMode,
  type DrillReport,
  type DrillRequest,
  type DrillStatus,
  type DrillStep,
  type DrillView,
  type TimelineEntry,
} from "@/lib/drill/types";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { getClusterLive } from "./cluster-live";
import { dbRefusal } from "./db-errors";
import { takeRunningFromDead, type RowOwner } from "./owned-rows";
import { clusterJobList } from "./cluster-job-list";
import { rowWaiter } from "./wait-for-row";
import { refusal as refused, unlessForced, type Refusal } from "./result";

const json = (value: unknown) => value as Prisma.InputJsonValue;

export function drillView(row: Drill): DrillView {
  return {
    id: row.id,
    clusterId: row.clusterId,
    revision: row.revision,
    mode: row.mode as DrillMode,
    status: row.status as DrillStatus,
    requestedBy: row.requestedBy,
    forceReason: row.forceReason,
    problems: (row.problems ?? []) as unknown as string[],
    holder: row.holder,
    peer: row.peer,
    steps: (row.steps ?? []) as unknown as DrillStep[],
    timeline: (row.timeline ?? []) as unknown as TimelineEntry[],
    report: (row.report ?? null) as unknown as DrillReport | null,
    error: row.error,
    abortRequested: row.abortRequested,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function getDrill(db: Database, id: number): Promise<DrillView | null> {
  const row = await db.drill.findUnique({ where: { id } });
  return row ? drillView(row) : null;
}

export const listDrills = clusterJobList((db, query) => db.drill.findMany(query), drillView, 30);

export type DrillOutcome = { ok: true; drill: DrillView } | Refusal;

/**
 * An error's text including what the driver said: Prisma reports a trigger's RAISE as a foreign-key
 * violation and keeps the trigger's own message only in `meta` (the slot triggers of the drills migration).
 */
export function dbErrorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const meta = (error as { meta?: unknown }).meta;
  return meta === undefined ? error.message : `${error.message} ${JSON.stringify(meta)}`;
}

/** Firing critical incidents of a cluster, as "rule: summary" (a pending one has not held long enough to page). */
async function openCritical(db: Database, clusterId: string): Promise<string[]> {
  const rows = await db.alertIncident.findMany({
    where: { clusterId, severity: "critical", state: "firing" },
    select: { rule: true, summary: true },
  });
  return rows.map((r) => `${r.rule}: ${r.summary}`);
}

async function activeJobs(db: Database, clusterId: string): Promise<string[]> {
  const [rollout, drill] = await Promise.all([
    db.rollout.findFirst({ where: { activeKey: clusterId }, select: { id: true, status: true } }),
    db.drill.findFirst({ where: { activeKey: clusterId }, select: { id: true, status: true } }),
  ]);
  return [
    ...(rollout ? [`rollout #${rollout.id} is ${rollout.status}`] : []),
    ...(drill ? [`drill #${drill.id} is ${drill.status}`] : []),
  ];
}

/**
 * Requests a drill: parses the body, runs the pre-checks on the live state (refused unless forced
 * with a reason; blockers refuse even when forced), takes the cluster's slot and audits, in one batch.
 */
export async function requestDrill(
  db: Database,
  clusterId: string,
  request: DrillRequest,
  requestedBy: string,
): Promise<DrillOutcome> {
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    include: { revisions: { orderBy: { number: "desc" }, take: 1 } },
  });
  const revision = cluster?.revisions[0];
  const definition = clusterDefinitionSchema.safeParse(revision?.spec);
  if (!cluster || !revision || !definition.success)
    return refused("not-found", "(cluster)", "no such cluster");
  const live = await getClusterLive(db, clusterId);
  if (!live) return refused("forbidden-by-state", "(cluster)", "no live state");
  const settings = drillsSettings(definition.data.drills);
  const holder = live.status.holder;
  const result = precheckDrill({
    mode: request.mode,
    nodes: definition.data.nodes.map((n) => n.name),
    status: live.status,
    observations: Object.fromEntries(live.nodes.map((n) => [n.name, n.observation ?? undefined])),
    expectation: holder ? expectedFailover(definition.data, request.mode, holder) : null,
    activeJobs: await activeJobs(db, clusterId),
    openCriticalAlerts: await openCritical(db, clusterId),
    nodeDeath: { enabled: settings.nodeDeath.enabled, confirmed: request.confirmNodeDeath },
  });
  if (result.blockers.length > 0)
    return {
      ok: false,
      code: "forbidden-by-state",
      issues: result.blockers.map((blocker) => ({
        path: blocker.field ?? "(drill)",
        message: blocker.message,
      })),
    };
  const gate = unlessForced(result.problems, request.force, "run");
  if (gate) return gate;
  const forceReason = request.force ? request.reason : null;
  try {
    const [row] = await db.$transaction([
      db.drill.create({
        data: {
          clusterId,
          revision: revision.number,
          mode: request.mode,
          requestedBy,
          forceReason,
          problems: json(result.problems),
          holder: result.holder,
          peer: result.peer,
          activeKey: clusterId,
        },
      }),
      auditWrite(db, {
        actor: requestedBy,
        action: "drill.start",
        target: `${request.mode} drill`,
        clusterId,
        detail: { mode: request.mode, holder: result.holder, forceReason, problems: result.problems },
      }),
    ]);
    return { ok: true, drill: drillView(row) };
  } catch (error) {
    // Only the slot triggers fire on a drill insert (a rollout holds the cluster).
    const kind = dbRefusal(error);
    if (kind === "trigger")
      return refused(
        "conflict",
        "(drill)",
        "a rollout of this cluster is pending or running: one drill or rollout at a time per cluster",
      );
    if (kind === "unique")
      return refused("conflict", "(drill)", "another drill of this cluster is pending or running");
    throw error;
  }
}

/** Asks the agents to undo the fault at once. Audited. */
export async function requestAbort(
  db: Database,
  clusterId: string,
  id: number,
  by: string,
): Promise<DrillOutcome> {
  const drill = await getDrill(db, id);
  if (!drill || drill.clusterId !== clusterId) return refused("not-found", "(drill)", "no such drill");
  if (DRILL_FINISHED.includes(drill.status))
    return refused("forbidden-by-state", "(drill)", `the drill is ${drill.status}`);
  const [row] = await db.$transaction([
    db.drill.update({ where: { id }, data: { abortRequested: true } }),
    auditWrite(db, {
      actor: by,
      action: "drill.abort",
      target: `${drill.mode} drill`,
      clusterId,
      detail: { drill: id },
    }),
  ]);
  return { ok: true, drill: drillView(row) };
}

/** Polls the drill until it finished or the time is up; answers its latest state. */
export const waitForDrill = rowWaiter(getDrill, (drill) => DRILL_FINISHED.includes(drill.status), 300);

// ---- the agents' side ----

/** Claims the oldest pending drill for `owner` (the conditional update makes a second claimer lose). */
export async function claimNextDrill(db: Database, owner: string | null = null): Promise<DrillView | null> {
  const next = await db.drill.findFirst({ where: { status: "pending" }, orderBy: { id: "asc" } });
  if (!next) return null;
  const claimed = await db.drill.updateMany({
    where: { id: next.id, status: "pending" },
    data: { status: "running", startedAt: new Date(), owner },
  });
  return claimed.count === 1 ? getDrill(db, next.id) : null;
}

/** Running drills whose agents process died, each now this one's to restore. */
export async function takeOrphanedDrills(db: Database, who: RowOwner): Promise<DrillView[]> {
  const rows = await db.drill.findMany({ where: { status: "running" }, orderBy: { id: "asc" } });
  const taken = await takeRunningFromDead(rows, who, (args) => db.drill.updateMany(args));
  return taken.map(drillView);
}

export async function saveDrillProgress(
  db: Database,
  id: number,
  state: { steps: DrillStep[]; timeline: TimelineEntry[] },
): Promise<void> {
  await db.drill.update({
    where: { id },
    data: { steps: json(state.steps), timeline: json(state.timeline) },
  });
}

export async function abortRequested(db: Database, id: number): Promise<boolean> {
  return (
    (await db.drill.findUnique({ where: { id }, select: { abortRequested: true } }))?.abortRequested ?? false
  );
}

/** Ends a drill (frees the cluster's slot) and puts it on the cluster's timeline. */
export async function finishDrill(
  db: Database,
  drill: DrillView,
  status: DrillStatus,
  report: DrillReport | null,
  error: string | null,
): Promise<void> {
  const figures = report
    ? ` failover ${report.measuredFailoverMs ?? "?"} ms (bound ${report.expectedFailoverMs ?? "?"} ms), ${report.clientFailures}/${report.clientRequests} requests failed`
    : "";
  await db.$transaction([
    db.drill.update({
      where: { id: drill.id },
      data: {
        status,
        report: report ? json(report) : undefined,
        error,
        activeKey: null,
        finishedAt: new Date(),
      },
    }),
    db.clusterEvent.create({
      data: {
        clusterId: drill.clusterId,
        kind: "drill",
        message: `${drill.mode} drill #${drill.id} by ${drill.requestedBy}: ${status}${figures}${error ? ` (${error})` : ""}`,
        data: { drillId: drill.id },
      },
    }),
  ]);
}

/** Alert incidents of a cluster opened since `sinceMs`, for the report. */
export async function drillAlerts(
  db: Database,
  clusterId: string,
  sinceMs: number,
  faultAtMs: number | null,
): Promise<DrillAlert[]> {
  const rows = await db.alertIncident.findMany({
    where: { clusterId, since: { gte: new Date(sinceMs - 1_000) } },
    orderBy: { id: "asc" },
  });
  return rows.map((r) => ({
    rule: r.rule,
    state: r.state,
    severity: r.severity,
    since: r.since.toISOString(),
    firedAt: r.firedAt?.toISOString() ?? null,
    afterFaultMs: r.firedAt && faultAtMs !== null ? r.firedAt.getTime() - faultAtMs : null,
  }));
}
