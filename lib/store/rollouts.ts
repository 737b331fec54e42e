/**
 * Rollouts in the database: the web server asks for a plan and starts a rollout; the agents plan,
 * claim, run each step (state written before and after) and finish it. One active rollout per cluster
 * (a unique key held while pending or running).
 */
import { auditWrite } from "@/lib/audit/audit";
import { zodIssues, type FieldIssue } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import type { Prisma } from "@/generated/prisma/client";
import { gateProblems } from "@/lib/rollout/gate";
import {
  FINISHED_STATUSES,
  rolloutPlanRequestSchema,
  rolloutStartRequestSchema,
  type FileRole,
  type LogLine,
  type RolloutPlan,
  type RolloutStatus,
  type RolloutStepView,
  type RolloutView,
  type StepSpec,
  type StepStatus,
} from "@/lib/rollout/types";
import { getClusterLive } from "./cluster-live";
import { dbErrorText } from "./drills";

const withSteps = { steps: { orderBy: { index: "asc" } } } as const;
type Row = Prisma.RolloutGetPayload<{ include: typeof withSteps }>;
type StepRow = Row["steps"][number];
const json = (value: unknown) => value as Prisma.InputJsonValue;

export function stepView(row: StepRow): RolloutStepView {
  return {
    index: row.index,
    kind: row.kind as RolloutStepView["kind"],
    node: row.node,
    status: row.status as StepStatus,
    attempt: row.attempt,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    log: (row.log ?? []) as unknown as LogLine[],
    output: row.output,
    error: row.error,
  };
}

export function rolloutView(row: Row): RolloutView {
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
    plan: (row.plan ?? null) as unknown as RolloutPlan | null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    steps: row.steps.map(stepView),
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

export type Outcome =
  { ok: true; rollout: RolloutView } | { ok: false; status: number; issues: FieldIssue[] };

/** Asks the agents for a plan of `revision` (read from the nodes): a new rollout row in "planning". */
export async function requestRolloutPlan(
  db: Database,
  clusterId: string,
  body: unknown,
  requestedBy: string,
): Promise<Outcome> {
  const parsed = rolloutPlanRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, issues: zodIssues(parsed.error) };
  if (!(await db.cluster.findUnique({ where: { id: clusterId }, select: { id: true } })))
    return { ok: false, status: 404, issues: [{ path: "(cluster)", message: "no such cluster" }] };
  const { revision } = parsed.data;
  if (
    !(await db.clusterRevision.findUnique({
      where: { clusterId_number: { clusterId, number: revision } },
      select: { id: true },
    }))
  ) {
    return { ok: false, status: 422, issues: [{ path: "revision", message: `no revision ${revision}` }] };
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
  body: unknown,
  startedBy: string,
): Promise<Outcome> {
  const parsed = rolloutStartRequestSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, issues: zodIssues(parsed.error) };
  const request = parsed.data;
  const rollout = await getRollout(db, rolloutId);
  if (!rollout || rollout.clusterId !== clusterId)
    return { ok: false, status: 404, issues: [{ path: "(rollout)", message: "no such rollout" }] };
  if (rollout.status !== "planned" || !rollout.plan)
    return {
      ok: false,
      status: 409,
      issues: [{ path: "(rollout)", message: `the rollout is ${rollout.status}, not planned` }],
    };
  if (rollout.plan.drift && !request.confirmDrift) {
    return {
      ok: false,
      status: 422,
      issues: [
        {
          path: "confirmDrift",
          message: "files on the nodes were changed by hand; confirm that the rollout replaces them",
        },
      ],
    };
  }
  const live = await getClusterLive(db, clusterId);
  const backup = rollout.plan.nodes.find((n) => n.side === "backup")?.node ?? "";
  const problems = live
    ? gateProblems({
        status: live.status,
        observations: Object.fromEntries(live.nodes.map((n) => [n.name, n.observation ?? undefined])),
        backup,
      })
    : ["no live state"];
  if (problems.length > 0 && !request.force) {
    return {
      ok: false,
      status: 409,
      issues: problems.map((message) => ({
        path: "force",
        message: `${message} (force with a reason to start anyway)`,
      })),
    };
  }
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
    const message = dbErrorText(error);
    if (/a drill of this cluster/.test(message))
      return {
        ok: false,
        status: 409,
        issues: [{ path: "(rollout)", message: "a drill of this cluster is pending or running" }],
      };
    if (/Unique constraint|activeKey/i.test(message))
      return {
        ok: false,
        status: 409,
        issues: [{ path: "(rollout)", message: "another rollout of this cluster is pending or running" }],
      };
    if (/not found|No record/i.test(message))
      return {
        ok: false,
        status: 409,
        issues: [{ path: "(rollout)", message: "the rollout was started or cancelled meanwhile" }],
      };
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
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rollout = await getRollout(db, id);
    if (!rollout || statuses.includes(rollout.status) || Date.now() >= deadline) return rollout;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
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
  const planned = await requestRolloutPlan(db, options.clusterId, { revision: options.revision }, options.by);
  if (!planned.ok) return planned;
  const afterPlan = await waitForRollout(db, planned.rollout.id, 60_000, ["planned", "plan-failed"]);
  if (afterPlan?.status !== "planned")
    return {
      ok: false,
      status: 502,
      issues: [
        { path: "(plan)", message: afterPlan?.error ?? "the agents did not plan the rollout in time" },
      ],
    };
  const started = await startRollout(
    db,
    options.clusterId,
    planned.rollout.id,
    {
      mode: options.mode,
      force: options.force ?? false,
      reason: options.reason ?? "",
      confirmDrift: options.confirmDrift ?? false,
    },
    options.by,
  );
  if (!started.ok) return started;
  const finished = await waitForRollout(db, started.rollout.id, options.timeoutMs ?? 10 * 60_000);
  return finished ? { ok: true, rollout: finished } : started;
}

// ---- the agents' side ----

/** The oldest rollout asking for a plan that no agents process is planning, claimed (planStartedAt set). */
export async function nextPlanning(db: Database): Promise<RolloutView | null> {
  const row = await db.rollout.findFirst({
    where: { status: "planning", planStartedAt: null },
    orderBy: { id: "asc" },
    include: withSteps,
  });
  if (!row) return null;
  const claimed = await db.rollout.updateMany({
    where: { id: row.id, status: "planning", planStartedAt: null },
    data: { planStartedAt: new Date() },
  });
  return claimed.count === 1 ? rolloutView(row) : null;
}

/**
 * At agents start: a plan claimed by an earlier process that never saved it ended with that process
 * (a node's answer may have been what killed it). It fails with that reason instead of being read
 * again on every start; asking for a new plan reads the nodes again.
 */
export async function failAbandonedPlans(db: Database): Promise<number> {
  const failed = await db.rollout.updateMany({
    where: { status: "planning", planStartedAt: { not: null } },
    data: {
      status: "plan-failed",
      error:
        "cannot plan: the agents process stopped while reading the nodes for this plan; ask for a new plan",
      finishedAt: new Date(),
    },
  });
  return failed.count;
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
): Promise<RolloutView | null> {
  const next = await db.rollout.findFirst({
    where: { status: "pending" },
    orderBy: { id: "asc" },
    include: withSteps,
  });
  if (!next) return null;
  const specs = steps(rolloutView(next));
  const [claimed] = await db.$transaction([
    db.rollout.updateMany({ where: { id: next.id, status: "pending" }, data: { status: "running" } }),
    ...specs.map((spec, index) =>
      db.rolloutStep.create({ data: { rolloutId: next.id, index, kind: spec.kind, node: spec.node } }),
    ),
  ]);
  return claimed.count === 1 ? getRollout(db, next.id) : null;
}

export async function runningRollouts(db: Database): Promise<RolloutView[]> {
  const rows = await db.rollout.findMany({
    where: { status: "running" },
    orderBy: { id: "asc" },
    include: withSteps,
  });
  return rows.map(rolloutView);
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
  const plan = (row?.plan ?? null) as unknown as RolloutPlan | null;
  if (!plan) return null;
  return Object.fromEntries(
    plan.nodes.map((n) => [n.node, Object.fromEntries(n.files.map((f) => [f.role, f.afterSha]))]),
  );
}
