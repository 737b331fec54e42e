/**
 * A drill an earlier agents process left running (killed mid-drill). The node-side dead-man timer may
 * already have undone the fault; otherwise it is undone now. Then the pair is confirmed and the drill
 * is marked interrupted, with what was restored and by whom.
 */
import { deadManPidFile } from "@/lib/drill/dead-man";
import { faultActive } from "@/lib/drill/steps";
import type { DrillReport } from "@/lib/drill/types";
import { cancelDeadMan, settledDeadMan } from "./dead-man-ops";
import { DrillRun, faultsOf } from "./drill-run";
import { finishReport } from "./execute";
import { confirmPair } from "./step-handlers";
import type { DrillIo, DrillPlan } from "./types";

export async function recoverDrill(
  plan: DrillPlan,
  io: DrillIo,
  steps: DrillRun["steps"],
  timeline: DrillRun["timeline"],
  signal: AbortSignal,
): Promise<DrillReport> {
  const run = new DrillRun(
    plan,
    io,
    signal,
    steps.map((s) => (s.status === "running" ? { ...s, status: "interrupted" } : s)),
  );
  run.timeline = [...timeline];
  run.aborting = true; // nothing left to abort: only clean-up runs
  const node = run.node(plan.holder);
  const active = faultActive(steps);
  for (const fault of faultsOf(plan)) {
    const pidFile = deadManPidFile(plan.id, fault.tag);
    let timer = await settledDeadMan(run, node, pidFile);
    if (timer.state === "pending" && (await cancelDeadMan(run, node, pidFile)) === "ran")
      timer = await settledDeadMan(run, node, pidFile);
    if (timer.state === "fired") {
      run.restored.push(
        `${plan.holder}: the node's dead-man timer ran ${fault.undo.join(" ")} (exit ${timer.exitCode ?? "?"})`,
      );
      continue;
    }
    if (active) {
      const result = await node
        .run(fault.undo, 30_000)
        .catch((error: unknown) => ({ ok: false, exitCode: null, output: String(error) }));
      run.restored.push(
        `${plan.holder}: hapair ran ${fault.undo.join(" ")} after the restart (${result.ok ? "ok" : `exit ${result.exitCode ?? "none"}`})`,
      );
    }
  }
  if (active) await run.mark("fault-undone", plan.holder, "after the agents restarted");
  // Node death has nothing to undo on the node: its own command brings it back; wait for that before confirming.
  if (plan.mode === "node" && faultActive(steps) && !run.has("node-back")) {
    const back = await run
      .until(`${plan.holder} back`, plan.returnWithinMs, async () =>
        (await node.run(["true"], 5_000).catch(() => null))?.ok ? true : null,
      )
      .then(
        () => true,
        () => false,
      );
    if (back) {
      await run.mark("node-back", plan.holder, "after the agents restarted");
      run.restored.push(
        `${plan.holder}: came back by itself after the node-death command (seen after the restart)`,
      );
    }
  }
  for (const step of run.steps) if (step.status === "pending") step.status = "skipped";
  await confirmPair(run);
  await run.persist();
  return finishReport(run, "interrupted");
}
