/** Whether a HAProxy reload really happened, from the master CLI's `show proc` before and after. Pure. */
import type { MasterProc } from "@/lib/probes/parse/master-proc";

export type ReloadVerdict =
  { state: "waiting" } | { state: "done"; workers: number[] } | { state: "failed"; reason: string };

/** The live workers (those born at the latest reload). */
export function currentWorkers(proc: MasterProc): number[] {
  return proc.workers.filter((w) => w.reloads === 0).map((w) => w.pid);
}

export function reloadVerdict(before: MasterProc, after: MasterProc): ReloadVerdict {
  if (after.masterPid !== before.masterPid)
    return {
      state: "failed",
      reason: `the master process changed (${before.masterPid} → ${after.masterPid}): HAProxy was restarted, not reloaded`,
    };
  if (after.failedReloads > before.failedReloads) {
    return {
      state: "failed",
      reason: `the reload failed ([failed: ${after.failedReloads}]); the previous worker keeps serving`,
    };
  }
  if (after.reloads <= before.reloads) return { state: "waiting" };
  const old = new Set(before.workers.map((w) => w.pid));
  const fresh = currentWorkers(after).filter((pid) => !old.has(pid));
  return fresh.length > 0 ? { state: "done", workers: fresh } : { state: "waiting" };
}
