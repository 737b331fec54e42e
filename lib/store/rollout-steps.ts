/**
 * A running rollout's steps, as the agents' executor writes them: it keeps the steps in memory and
 * writes each change through, one field set or one appended line at a time (a step's log and output
 * grow without being rewritten).
 */
import { z } from "zod";
import type { Database } from "@/lib/db/client";
import { perDialect } from "@/lib/db/dialect";
import type { Prisma } from "@/generated/prisma/client";
import type { LogLine, RolloutStepView, StepSpec, StepStatus } from "@/lib/rollout/types";
import { readColumn, reloadStepDataSchema, type ReloadStepData } from "./json-columns";
import { stepView } from "./rollouts";

/** A step with what it recorded to check itself after a restart. */
export interface RunStep extends RolloutStepView {
  data: Record<string, unknown>;
}

/** The fields of a step a write may set (timestamps as ISO strings, null to clear). */
export type StepWrite = Partial<
  Pick<RunStep, "status" | "attempt" | "startedAt" | "finishedAt" | "error" | "data">
>;

const stepDataSchema = z.record(z.string(), z.unknown());
const date = (iso: string | null) => (iso === null ? null : new Date(iso));

export async function loadRunSteps(db: Database, rolloutId: number): Promise<RunStep[]> {
  const rows = await db.rolloutStep.findMany({ where: { rolloutId }, orderBy: { index: "asc" } });
  return rows.map((row) => {
    const data = stepDataSchema.safeParse(row.data ?? {});
    return { ...stepView(row), data: data.success ? data.data : {} };
  });
}

export async function addRunSteps(
  db: Database,
  rolloutId: number,
  steps: (StepSpec & { index: number })[],
): Promise<void> {
  await db.$transaction(
    steps.map((s) =>
      db.rolloutStep.create({ data: { rolloutId, index: s.index, kind: s.kind, node: s.node } }),
    ),
  );
}

export async function writeRunStep(
  db: Database,
  rolloutId: number,
  index: number,
  change: StepWrite,
): Promise<void> {
  await db.rolloutStep.update({
    where: { rolloutId_index: { rolloutId, index } },
    data: {
      ...(change.status !== undefined ? { status: change.status satisfies StepStatus } : {}),
      ...(change.attempt !== undefined ? { attempt: change.attempt } : {}),
      ...(change.startedAt !== undefined ? { startedAt: date(change.startedAt) } : {}),
      ...(change.finishedAt !== undefined ? { finishedAt: date(change.finishedAt) } : {}),
      ...(change.error !== undefined ? { error: change.error } : {}),
      ...(change.data !== undefined ? { data: change.data as Prisma.InputJsonValue } : {}),
    },
  });
}

/** One line onto the step's log, appended by the database (SQLite's json_insert, PostgreSQL's jsonb `||`). */
export async function appendRunStepLog(
  db: Database,
  rolloutId: number,
  index: number,
  line: LogLine,
): Promise<void> {
  const json = JSON.stringify(line);
  await perDialect(db, {
    sqlite: () =>
      db.$executeRaw`UPDATE "RolloutStep" SET "log" = json_insert(COALESCE("log", '[]'), '$[#]', json(${json})) WHERE "rolloutId" = ${rolloutId} AND "index" = ${index}`,
    postgres: () =>
      db.$executeRaw`UPDATE "RolloutStep" SET "log" = COALESCE("log", '[]'::jsonb) || jsonb_build_array(${json}::jsonb) WHERE "rolloutId" = ${rolloutId} AND "index" = ${index}`,
  });
}

/** Text onto the step's kept output. */
export async function appendRunStepOutput(
  db: Database,
  rolloutId: number,
  index: number,
  text: string,
): Promise<void> {
  await db.$executeRaw`UPDATE "RolloutStep" SET "output" = "output" || CAST(${text} AS TEXT) WHERE "rolloutId" = ${rolloutId} AND "index" = ${index}`;
}

/** What a reload step recorded before reloading; empty when unreadable (logged: the caller goes without). */
export function reloadDataOf(rolloutId: number, step: RunStep): ReloadStepData {
  const read = readColumn(reloadStepDataSchema, `data of rollout ${rolloutId} step ${step.index}`, step.data);
  if (read.ok) return read.value;
  console.error(`[rollouts] ${read.unreadable}`);
  return {};
}
