/**
 * The node-side dead-man timer as a drill sees it (lib/drill/dead-man has the scripts). A timer caught
 * while its undo runs is waited for, so nobody cleans up under it or runs the undo a second time.
 */
import {
  cancelDeadManArgv,
  deadManStateArgv,
  parseDeadManCancel,
  parseDeadManState,
  type DeadManState,
} from "@/lib/drill/dead-man";
import type { DrillRun } from "./drill-run";
import type { DrillNodeIo } from "./types";

/** As long as hapair gives its own undo (execute.ts runs it with a 30 s timeout), plus a margin. */
const FIRING_WAIT_MS = 35_000;

/**
 * The timer's state once any undo it is running has finished; "unknown" when the node does not answer
 * (an error is retried until the same bound, never read as "none").
 */
export async function settledDeadMan(
  run: DrillRun,
  node: DrillNodeIo,
  pidFile: string,
): Promise<DeadManState | { state: "unknown" }> {
  return run
    .until(`the dead-man timer ${pidFile} on ${node.name} settled`, FIRING_WAIT_MS, async () => {
      const answer = await node.run(deadManStateArgv(pidFile)).catch(() => null);
      if (!answer?.ok) return null;
      const state = parseDeadManState(answer.output);
      return state.state === "firing" ? null : state;
    })
    .catch((): { state: "unknown" } => ({ state: "unknown" }));
}

/**
 * Stops a pending timer. "ran": it had fired (or was firing, and has finished); "unknown": the node did
 * not say, so the caller must not assume either.
 */
export async function cancelDeadMan(
  run: DrillRun,
  node: DrillNodeIo,
  pidFile: string,
): Promise<"cancelled" | "ran" | "unknown"> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await node.run(cancelDeadManArgv(pidFile)).catch(() => null);
    const cancel = answer?.ok ? parseDeadManCancel(answer.output) : null;
    if (cancel === "cancelled") return "cancelled";
    if (cancel === "gone") return "ran";
    // Firing, or no answer: wait for what the timer is doing, then ask again only if still pending.
    const settled = await settledDeadMan(run, node, pidFile);
    if (settled.state === "unknown") return "unknown";
    if (settled.state !== "pending") return "ran";
  }
  return "unknown";
}
