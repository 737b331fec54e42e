/**
 * Runs a drill step by step against the VIP holder. Each step's state and every timeline entry are
 * persisted as they happen (the page streams them). A failed step or an abort skips to the undo of
 * the fault, then the confirmation; the report is computed from what was seen (lib/drill/report).
 */
import { deadManPidFile } from "@/lib/drill/dead-man";
import { drillReport } from "@/lib/drill/report";
import { faultActive } from "@/lib/drill/steps";
import type { DrillReport, DrillStepKind } from "@/lib/drill/types";
import { cancelDeadMan } from "./dead-man-ops";
import type { DrillIo, DrillPlan } from "./types";
import { DrillRun, faultsOf } from "./drill-run";
import { HANDLERS } from "./step-handlers";

export async function finishReport(
  run: DrillRun,
  ending: "finished" | "aborted" | "interrupted",
): Promise<DrillReport> {
  if (run.client) {
    run.impact = await run.client.stop();
    run.client = null;
  }
  const faultAt = Date.parse(run.timeline.find((e) => e.event === "fault-injected")?.at ?? "");
  const alerts = await run.io
    .alerts(run.plan.startedAtMs, Number.isNaN(faultAt) ? null : faultAt)
    .catch(() => []);
  return drillReport({
    mode: run.plan.mode,
    holder: run.plan.holder,
    peer: run.plan.peer,
    forceReason: run.plan.forceReason,
    forcedOver: run.plan.forcedOver,
    expectation: run.plan.expectation,
    timeline: run.timeline,
    client: run.impact,
    arp: run.arp,
    alerts,
    stepFailures: run.steps
      .filter((s) => s.status === "failed")
      .map(
        (s) =>
          `${s.kind}${s.node ? ` on ${s.node}` : ""}: ${s.log.at(-1)?.line.replace(/^failed: /, "") ?? "failed"}`,
      ),
    leftToRepair: run.leftToRepair,
    restored: run.restored,
    ending,
  });
}

async function stopped(run: DrillRun): Promise<{ report: null; run: DrillRun }> {
  await run.client?.stop();
  run.client = null;
  return { report: null, run };
}

/** Steps that still run after a failure or an abort: the undo (if a fault is on), the node's return, the confirmation. */
const CLEANUP: readonly DrillStepKind[] = ["undo-fault", "await-return", "confirm"];

export async function executeDrill(
  plan: DrillPlan,
  io: DrillIo,
  signal: AbortSignal,
): Promise<{ report: DrillReport | null; run: DrillRun }> {
  const run = new DrillRun(plan, io, signal);
  let trouble: "failed" | "aborted" | null = null;
  for (const step of run.steps) {
    if (signal.aborted) return stopped(run); // the agents are stopping: the drill stays running, recovered at start
    const injected = run.steps.some((s) => s.kind === "inject-fault" && s.status !== "pending");
    if (trouble && !(CLEANUP.includes(step.kind) && (injected || step.kind === "confirm"))) {
      step.status = "skipped";
      continue;
    }
    if (trouble && step.kind === "undo-fault" && !faultActive(run.steps)) {
      step.status = "skipped";
      continue;
    }
    try {
      const failed = await run.runStep(step, (s) => HANDLERS[s.kind](run, s));
      if (failed !== null) trouble ??= "failed";
    } catch {
      trouble = "aborted";
      run.aborting = true;
      await run.mark("note", null, "aborted by an operator: undoing the fault");
    }
  }
  // Timers armed before a failure that came before the fault are disarmed too.
  if (
    trouble &&
    !run.steps.some((s) => s.kind === "inject-fault" && s.status !== "pending" && s.status !== "skipped")
  ) {
    for (const fault of faultsOf(plan))
      await cancelDeadMan(run, run.node(plan.holder), deadManPidFile(plan.id, fault.tag));
  }
  if (signal.aborted) return stopped(run);
  const report = await finishReport(run, trouble === "aborted" ? "aborted" : "finished");
  return { report, run };
}
