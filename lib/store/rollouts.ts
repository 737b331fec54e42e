/**
 * Rollouts in the database: the web server asks for a plan and starts a rollout; the agents plan,
 * claim, run each step (state written before and after) and finish it. One active rollout per cluster
 * (a unique key held while pending or running).
 */
import { auditWrite } from "@/lib/audit/audit";
import { zodIssues } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/generated/prisma/client";
import { gateProblems } from "@/lib/rollout/gate";
import {
  FINISHED_STATUSES,
  rolloutStartRequestSchema,
  type FileRole,
  type LogLine,
  type RolloutPlan,
  type RolloutPlanRequest,
  type RolloutStartRequest,
  type RolloutStatus,
  type RolloutStepView,
  type RolloutView,
  type StepSpec,
  type StepStatus,
} from "@/lib/rollout/types";
import { getClusterLive } from "./cluster-live";
import { takeFromDead, takeRunningFromDead, type RowOwner } from "./owned-rows";
import { waitForRow } from "./wait-for-row";
import { dbRefusal } from "./db-errors";
import { dbErrorText } from "./drills";
import { logLinesSchema, readColumn, rolloutPlanSchema } from "./json-columns";
import { refusal, unlessForced, type Refusal } from "./result";

const withSteps = { steps: { orderBy: { index: "asc" } } } as const;
type Row = Prisma.RolloutGetPayload<{ include: typeof withSteps }>;
type StepRow = Row["steps"][number];
const json = (value: unknown) => value as Prisma.InputJsonValue;

function stepLog(row: StepRow): LogLine[] {
  const log = readColumn(logLinesSchema, `log of step ${row.index}`, row.log ?? []);
  return log.ok ? log.value : [{ at: (row.startedAt ?? new Date(0)).toISOString(), line: log.unreadable }];
}

export function stepView(row: StepRow): RolloutStepView {
  return {
    index: row.index,
    kind: row.kind as RolloutStepView["kind"],
    node: row.node,
    status: row.status as StepStatus,
    attempt: row.attempt,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    log: stepLog(row),
    output: row.output,
    error: row.error,
  };
}

export function rolloutView(row: Row): RolloutView {
  const plan = row.plan === null ? null : readColumn(rolloutPlanSchema, "plan", row.plan);
  const unreadable = [
    ...(plan && !plan.ok ? [plan.unreadable] : []),
    ...row.steps.flatMap((s) => {
      const log = readColumn(logLinesSchema, `log of step ${s.index}`, s.log ?? []);
      return log.ok ? [] : [log.unreadable];
    }),
  ];
  return {
    id: row.id,
    clusterId: row.clusterId,
    revision: row.revision,
    mode: row.mode as RolloutView["mode"],
    status: row.status as RolloutStatus,
    requestedBy: row.requestedBy,
    startedBy: row.startedBy,
    forceReason: row.forceReason,
    driftConfirmed: row.driftConfirmed,
    plan: plan?.ok ? plan.value : null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    steps: row.steps.map(stepView),
    ...(unreadable.length > 0 ? { unreadable } : {}),
  };
}

export async function getRollout(db: Database, id: number): Promise<RolloutView | null> {
  const row = await db.rollout.findUnique({ where: { id }, include: withSteps });
  return row ? rolloutView(row) : null;
}

/** History, newest first (steps left out: the detail route has them). */
export async function listRollouts(db: Database, clusterId: string, take = 30): Promise<RolloutView[]> {
  const rows = await db.rollout.findMany({
    where: { clusterId },
    orderBy: { id: "desc" },
    take,
    include: { steps: { where: { id: -1 } } },
  });
  return rows.map(rolloutView);
}

export type Outcome = { ok: true; rollout: RolloutView } | Refusal;

/** Asks the agents for a plan of `revision` (read from the nodes): a new rollout row in "planning". */
export async function requestRolloutPlan(
  db: Database,
  clusterId: string,
  { revision }: RolloutPlanRequest,
  requestedBy: string,
): Promise<Outcome> {
  if (!(await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } })))
    return refusal("not-found", "(cluster)", "no such cluster");
  if (
    !(await db.clusterRevision.findUnique({
      where: { clusterId_number: { clusterId, number: revision } },
      select: { id: true },
    }))
  ) {
    return refusal("invalid", "revision", `no revision ${revision}`);
  }
  const row = await db.rollout.create({ data: { clusterId, revision, requestedBy }, include: withSteps });
  return { ok: true, rollout: rolloutView(row) };
}

/**
 * Starts a planned rollout: drift must be confirmed, an unhealthy cluster needs force and a reason,
 * and no other rollout of the cluster may be pending or running. Audited with the start.
 */
export async function startRollout(
  db: Database,
  clusterId: string,
  rolloutId: number,
  request: RolloutStartRequest,
  startedBy: string,
): Promise<Outcome> {
  const rollout = await getRollout(db, rolloutId);
  if (!rollout || rollout.clusterId !== clusterId)
    return refusal("not-found", "(rollout)", "no such rollout");
  if (rollout.unreadable) return refusal("forbidden-by-state", "(rollout)", rollout.unreadable.join("; "));
  if (rollout.status !== "planned" || !rollout.plan)
    return refusal("forbidden-by-state", "(rollout)", `the rollout is ${rollout.status}, not planned`);
  if (rollout.plan.drift && !request.confirmDrift)
    return refusal(
      "invalid",
      "confirmDrift",
      "files on the nodes were changed by hand; confirm that the rollout replaces them",
    );
  const live = await getClusterLive(db, clusterId);
  const backup = rollout.plan.nodes.find((n) => n.side === "backup")?.node ?? "";
  const problems = live
    ? gateProblems({
        status: live.status,
        observations: Object.fromEntries(live.nodes.map((n) => [n.name, n.observation ?? undefined])),
        backup,
      })
    : ["no live state"];
  const gate = unlessForced(problems, request.force, "start");
  if (gate) return gate;
  const forceReason = request.force ? request.reason : null;
  try {
    const [row] = await db.$transaction([
      db.rollout.update({
        where: { id: rolloutId, status: "planned" },
        data: {
          status: "pending",
          mode: request.mode,
          startedBy,
          forceReason,
          driftConfirmed: request.confirmDrift,
          activeKey: clusterId,
          startedAt: new Date(),
        },
        include: withSteps,
      }),
      auditWrite(db, {
        actor: startedBy,
        action: "rollout.start",
        target: `revision ${rollout.revision}`,
        clusterId,
        detail: {
          rollout: rolloutId,
          revision: rollout.revision,
          mode: request.mode,
          forceReason,
          problems,
          driftConfirmed: request.confirmDrift,
        },
      }),
    ]);
    return { ok: true, rollout: rolloutView(row) };
  } catch (error) {
    // Only the slot triggers fire on a rollout update (a drill holds the cluster, or a certificate job runs on it).
    const refused = {
      trigger: /certificate job/.test(dbErrorText(error))
        ? "a certificate job of this cluster is running: start the rollout again when it has finished"
        : "a drill of this cluster is pending or running",
      unique: "another rollout of this cluster is pending or running",
      "not-found": "the rollout was started or cancelled meanwhile",
    } as const;
    const kind = dbRefusal(error);
    if (kind) return refusal("conflict", "(rollout)", refused[kind]);
    throw error;
  }
}

/** Polls until the rollout reaches one of `statuses` (default: finished) or the time is up; answers its latest state. */
export async function waitForRollout(
  db: Database,
  id: number,
  timeoutMs: number,
  statuses: readonly RolloutStatus[] = FINISHED_STATUSES,
  pollMs = 250,
): Promise<RolloutView | null> {
  return waitForRow(
    () => getRollout(db, id),
    (rollout) => statuses.includes(rollout.status),
    timeoutMs,
    pollMs,
  );
}

/**
 * Plan, start and wait, for scripts (benchmarks, tests) with the agents running: the outcome, or the
 * field-level refusal. Drift is confirmed on the caller's behalf only when `confirmDrift` says so.
 */
export async function rollOut(
  db: Database,
  options: {
    clusterId: string;
    revision: number;
    mode: "graceful" | "verify-on-backup";
    by: string;
    force?: boolean;
    reason?: string;
    confirmDrift?: boolean;
    timeoutMs?: number;
  },
): Promise<Outcome> {
  const request = rolloutStartRequestSchema.safeParse({
    mode: options.mode,
    force: options.force ?? false,
    reason: options.reason ?? "",
    confirmDrift: options.confirmDrift ?? false,
  });
  if (!request.success) return { ok: false, code: "invalid", issues: zodIssues(request.error) };
  const planned = await requestRolloutPlan(db, options.clusterId, { revision: options.revision }, options.by);
  if (!planned.ok) return planned;
  const afterPlan = await waitForRollout(db, planned.rollout.id, 60_000, ["planned", "plan-failed"]);
  if (afterPlan?.status !== "planned")
    return refusal(
      "unavailable",
      "(plan)",
      afterPlan?.error ?? "the agents did not plan the rollout in time",
    );
  const started = await startRollout(db, options.clusterId, planned.rollout.id, request.data, options.by);
  if (!started.ok) return started;
  const finished = await waitForRollout(db, started.rollout.id, options.timeoutMs ?? 10 * 60_000);
  return finished ? { ok: true, rollout: finished } : started;
}

// ---- the agents' side ----

/** The oldest rollout asking for a plan that no agents process is planning, claimed (planStartedAt and owner set). */
export async function nextPlanning(db: Database, owner: string | null = null): Promise<RolloutView | null> {
  const row = await db.rollout.findFirst({
    where: { status: "planning", planStartedAt: null },
    orderBy: { id: "asc" },
    include: withSteps,
  });
  if (!row) return null;
  const claimed = await db.rollout.updateMany({
    where: { id: row.id, status: "planning", planStartedAt: null },
    data: { planStartedAt: new Date(), owner },
  });
  return claimed.count === 1 ? rolloutView(row) : null;
}

/**
 * A plan claimed by an agents process that died before saving it ended with that process (a node's
 * answer may have been what killed it). It fails with that reason instead of being read again by the
 * next process; asking for a new plan reads the nodes again.
 */
export async function failAbandonedPlans(db: Database, who: RowOwner): Promise<number> {
  const claimed = await db.rollout.findMany({
    where: { status: "planning", planStartedAt: { not: null } },
    select: { id: true, owner: true },
  });
  const failed = await takeFromDead(claimed, who, (row) =>
    db.rollout.updateMany({
      where: { id: row.id, status: "planning", owner: row.owner },
      data: {
        status: "plan-failed",
        owner: who.self,
        error:
          "cannot plan: the agents process stopped while reading the nodes for this plan; ask for a new plan",
        finishedAt: new Date(),
      },
    }),
  );
  return failed.length;
}

export async function savePlan(
  db: Database,
  id: number,
  outcome: { plan: RolloutPlan } | { error: string },
): Promise<void> {
  await db.rollout.update({
    where: { id, status: "planning" },
    data:
      "plan" in outcome
        ? { status: "planned", plan: json(outcome.plan) }
        : { status: "plan-failed", error: outcome.error, finishedAt: new Date() },
  });
}

/** Claims the oldest pending rollout (the conditional update makes a second claimer lose) and writes its steps. */
export async function claimNextRollout(
  db: Database,
  steps: (rollout: RolloutView) => StepSpec[],
  owner: string | null = null,
): Promise<RolloutView | null> {
  const next = await db.rollout.findFirst({
    where: { status: "pending" },
    orderBy: { id: "asc" },
    include: withSteps,
  });
  if (!next) return null;
  const view = rolloutView(next);
  if (view.unreadable) {
    // Fails this one rollout (and frees its cluster) instead of tripping over it on every pass.
    await db.rollout.updateMany({
      where: { id: next.id, status: "pending" },
      data: {
        status: "failed",
        error: `cannot run: ${view.unreadable.join("; ")}`,
        activeKey: null,
        finishedAt: new Date(),
      },
    });
    return null;
  }
  const specs = steps(view);
  // Two statements, no transaction (which would hold SQLite's write lock across awaits): a process
  // that dies between them leaves a running rollout without steps, which the next owner starts
  // afresh (takeOrphanedRollouts' caller).
  const { count } = await db.rollout.updateMany({
    where: { id: next.id, status: "pending" },
    data: { status: "running", owner },
  });
  return count === 1 ? writeRolloutSteps(db, next.id, specs) : null;
}

/** A claimed rollout's ordered steps, written once (the unique rollout + index refuses a second set). */
export async function writeRolloutSteps(
  db: Database,
  id: number,
  specs: StepSpec[],
): Promise<RolloutView | null> {
  await db.rolloutStep.createMany({
    data: specs.map((spec, index) => ({ rolloutId: id, index, kind: spec.kind, node: spec.node })),
  });
  return getRollout(db, id);
}

/** Running rollouts whose agents process died, each now this one's to recover. */
export async function takeOrphanedRollouts(db: Database, who: RowOwner): Promise<RolloutView[]> {
  const rows = await db.rollout.findMany({
    where: { status: "running" },
    orderBy: { id: "asc" },
    include: withSteps,
  });
  const taken = await takeRunningFromDead(rows, who, (args) => db.rollout.updateMany(args));
  return taken.map(rolloutView);
}

/** Ends a rollout (frees the cluster for the next one) and puts it on the cluster's timeline. */
export async function finishRollout(
  db: Database,
  rollout: RolloutView,
  status: RolloutStatus,
  error: string | null,
): Promise<void> {
  await db.$transaction([
    db.rollout.update({
      where: { id: rollout.id },
      data: { status, error, activeKey: null, finishedAt: new Date() },
    }),
    db.clusterEvent.create({
      data: {
        clusterId: rollout.clusterId,
        kind: "rollout",
        message: `rollout #${rollout.id} of revision ${rollout.revision} (${rollout.mode ?? "?"}) by ${rollout.startedBy ?? rollout.requestedBy}: ${status}${error ? ` (${error})` : ""}`,
        data: { rolloutId: rollout.id },
      },
    }),
  ]);
}

/** What hapair last installed on each node: the files' checksums after the last successful rollout. */
export async function lastPushed(
  db: Database,
  clusterId: string,
): Promise<Record<string, Partial<Record<FileRole, string>>> | null> {
  const row = await db.rollout.findFirst({
    where: { clusterId, status: "succeeded" },
    orderBy: { id: "desc" },
    select: { plan: true },
  });
  return pushedOfPlan(row?.plan);
}

/** The checksums a succeeded rollout's plan installed, per node and file; null when the plan is unreadable. */
export function pushedOfPlan(column: unknown): Record<string, Partial<Record<FileRole, string>>> | null {
  const read = column ? readColumn(rolloutPlanSchema, "plan", column) : null;
  // An unreadable plan says nothing about what was pushed: as if there were no earlier rollout.
  if (!read?.ok) return null;
  return Object.fromEntries(
    read.value.nodes.map((n) => [n.node, Object.fromEntries(n.files.map((f) => [f.role, f.afterSha]))]),
  );
}
