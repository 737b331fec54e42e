/**
 * A rollout's steps in memory, written through to the store: the executor reads its state from
 * here (never back from the database) and every change is one small write (a field set, a log line
 * or output appended).
 */
import type { RunStep, StepWrite } from "@/lib/store/rollout-steps";
import type { RolloutView, StepSpec } from "@/lib/rollout/types";
import type { RolloutStore } from "./env";

const now = () => new Date().toISOString();

/** A step as it is written before it ever ran. */
export function pendingStep(spec: StepSpec & { index: number }): RunStep {
  const { index, kind, node } = spec;
  return {
    index,
    kind,
    node,
    status: "pending",
    attempt: 0,
    startedAt: null,
    finishedAt: null,
    log: [],
    output: "",
    error: null,
    data: {},
  };
}

export class RolloutRun {
  constructor(
    private readonly store: RolloutStore,
    readonly rollout: RolloutView,
    readonly steps: RunStep[],
  ) {}

  static async load(store: RolloutStore, rollout: RolloutView): Promise<RolloutRun> {
    return new RolloutRun(store, rollout, await store.steps(rollout.id));
  }

  async set(step: RunStep, change: StepWrite): Promise<void> {
    Object.assign(step, change);
    await this.store.writeStep(this.rollout.id, step.index, change);
  }

  /** The step starts (again): attempt counted, times and error reset. */
  start(step: RunStep): Promise<void> {
    return this.set(step, {
      status: "running",
      attempt: step.attempt + 1,
      startedAt: now(),
      finishedAt: null,
      error: null,
    });
  }

  async finish(step: RunStep, status: "done" | "failed" | "interrupted", error?: string): Promise<void> {
    if (error !== undefined) await this.log(step, `failed: ${error}`);
    await this.set(step, { status, finishedAt: now(), ...(error !== undefined ? { error } : {}) });
  }

  async log(step: RunStep, line: string): Promise<void> {
    const entry = { at: now(), line };
    step.log.push(entry);
    await this.store.appendLog(this.rollout.id, step.index, entry);
  }

  async keep(step: RunStep, title: string, text: string): Promise<void> {
    const chunk = `${step.output ? "\n\n" : ""}== ${title}\n${text}`;
    step.output += chunk;
    await this.store.appendOutput(this.rollout.id, step.index, chunk);
  }

  /** Pending steps (after `index`, when given) will not run. */
  async skipPending(after = -1): Promise<void> {
    for (const s of this.steps.filter((x) => x.status === "pending" && x.index > after))
      await this.set(s, { status: "skipped" });
  }

  async append(specs: StepSpec[]): Promise<void> {
    const start = (this.steps.at(-1)?.index ?? -1) + 1;
    const added = specs.map((spec, i) => ({ ...spec, index: start + i }));
    if (added.length === 0) return;
    await this.store.addSteps(this.rollout.id, added);
    for (const s of added) this.steps.push(pendingStep(s));
  }

  /** The first failed step, as the rollout's reason: "install on lb-02: …". */
  firstError(): string | null {
    const failed = this.steps.find((s) => s.status === "failed");
    return failed
      ? `${failed.kind}${failed.node ? ` on ${failed.node}` : ""}: ${failed.error ?? "failed"}`
      : null;
  }

  finishRollout(status: Parameters<RolloutStore["finish"]>[1], error: string | null): Promise<void> {
    return this.store.finish(this.rollout, status, error);
  }
}

/** A running step's log, output and self-check data, as the step handlers write them. */
export class StepRecorder {
  constructor(
    private readonly run: RolloutRun,
    private readonly step: RunStep,
  ) {}

  get data(): Record<string, unknown> {
    return this.step.data;
  }

  log(line: string): Promise<void> {
    return this.run.log(this.step, line);
  }

  keep(title: string, text: string): Promise<void> {
    return this.run.keep(this.step, title, text);
  }

  /** Written before the action it describes, so a restarted agent can tell whether the action happened. */
  remember(values: Record<string, unknown>): Promise<void> {
    return this.run.set(this.step, { data: { ...this.step.data, ...values } });
  }
}
