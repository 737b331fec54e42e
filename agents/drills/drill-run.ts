/**
 * One drill's run as the executor and the recovery see it: its plan and steps in memory, each step's
 * state and every timeline entry persisted as they happen (the page streams them), an operator's abort.
 */
import { partitionFaults, processFaults, type Fault } from "@/lib/drill/dead-man";
import { drillSteps } from "@/lib/drill/steps";
import type { ArpCheck, ClientImpact, DrillStep, TimelineEntry, TimelineEvent } from "@/lib/drill/types";
import type { ClientLoop, DrillIo, DrillNodeIo, DrillPlan } from "./types";
import { errorMessage } from "@/lib/error-message";

class AbortedByOperator extends Error {
  constructor() {
    super("aborted by an operator");
  }
}

export function faultsOf(plan: DrillPlan): Fault[] {
  if (plan.mode === "process") return processFaults(plan.commands);
  if (plan.mode === "partition") return partitionFaults(plan.id, plan.expectation.isolation?.address);
  return [];
}

export class DrillRun {
  steps: DrillStep[];
  timeline: TimelineEntry[] = [];
  arp: ArpCheck[] = [];
  restored: string[] = [];
  leftToRepair: string[] = [];
  client: ClientLoop | null = null;
  /** Set once an operator aborted: the clean-up that follows is not aborted again. */
  aborting = false;
  impact: ClientImpact | null = null;
  private current: DrillStep | null = null;

  constructor(
    readonly plan: DrillPlan,
    readonly io: DrillIo,
    readonly signal: AbortSignal,
    steps?: DrillStep[],
  ) {
    this.steps =
      steps ??
      drillSteps(plan.mode, plan.holder, plan.peer, { isolation: plan.expectation.isolation !== undefined });
  }

  node(name: string | null): DrillNodeIo {
    const io = name ? this.io.nodes[name] : undefined;
    if (!io) throw new Error(`no node ${name ?? "(none)"}`);
    return io;
  }

  private stamp(): string {
    return new Date(this.io.now()).toISOString();
  }

  async persist(): Promise<void> {
    await this.io.persist({ steps: this.steps, timeline: this.timeline });
  }

  async log(line: string): Promise<void> {
    this.current?.log.push({ at: this.stamp(), line });
    await this.persist();
  }

  async mark(event: TimelineEvent, node: string | null, detail = ""): Promise<void> {
    this.timeline.push({ at: this.stamp(), event, node, detail });
    await this.persist();
  }

  has(event: TimelineEvent): boolean {
    return this.timeline.some((e) => e.event === event);
  }

  /** Polls `probe` every pollMs until it answers non-null, the time is up, or an operator aborts. */
  async until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
    const deadline = this.io.now() + timeoutMs;
    for (;;) {
      this.signal.throwIfAborted();
      if (!this.aborting && (await this.io.abortRequested())) throw new AbortedByOperator();
      const value = await probe();
      if (value !== null) return value;
      if (this.io.now() > deadline) throw new Error(`${what}: not within ${(timeoutMs / 1000).toFixed(1)} s`);
      await this.io.sleep(this.plan.pollMs);
    }
  }

  async must(node: DrillNodeIo, argv: string[], timeoutMs?: number): Promise<string> {
    const result = await node.run(argv, timeoutMs);
    if (!result.ok)
      throw new Error(
        `${node.name}: ${argv[0] ?? ""} exited with ${result.exitCode ?? "no status"}: ${result.output.slice(0, 300)}`,
      );
    return result.output;
  }

  async holders(): Promise<{ held: string[]; silent: string[] }> {
    const names = [this.plan.holder, this.plan.peer];
    const seen = await Promise.all(
      names.map((n) =>
        this.node(n)
          .vipHeld()
          .catch(() => null),
      ),
    );
    return {
      held: names.filter((_, i) => seen[i] === true),
      silent: names.filter((_, i) => seen[i] === null),
    };
  }

  async runStep(step: DrillStep, handler: (step: DrillStep) => Promise<void>): Promise<string | null> {
    this.current = step;
    step.status = "running";
    step.startedAt = this.stamp();
    await this.persist();
    try {
      await handler(step);
      step.status = "done";
      return null;
    } catch (error) {
      const message = errorMessage(error);
      step.status = this.signal.aborted ? "interrupted" : "failed";
      step.log.push({ at: this.stamp(), line: `failed: ${message}` });
      if (error instanceof AbortedByOperator) throw error;
      return message;
    } finally {
      step.finishedAt = this.stamp();
      this.current = null;
      await this.persist();
    }
  }
}
