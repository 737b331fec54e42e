/**
 * Each track script's status, read from what keepalived reports: its dump names the scripts but not
 * their results, so the results are inferred from the effective priority against the base one and
 * the scripts' weights (a failing script with weight w < 0 adds w; a passing one with w > 0 adds w; a
 * failing one with weight 0 puts the node in FAULT). A script is "ok" or "failing" when every
 * combination that explains the reading agrees, else "unknown". Pure.
 */
import type { VrrpState } from "./observation";

export interface TrackScriptWeight {
  name: string;
  weight: number;
}

export type TrackScriptStatus = "ok" | "failing" | "unknown";

/** keepalived keeps priorities in 1..254 (255 is the address owner's). */
const clamp = (priority: number) => Math.min(254, Math.max(1, priority));
const MAX_SCRIPTS = 16;

export function trackScriptStatuses(
  scripts: readonly TrackScriptWeight[],
  reading: { state: VrrpState | null; base: number | null; effective: number | null } | null,
): { name: string; weight: number; status: TrackScriptStatus }[] {
  const unknown = () => scripts.map((s) => ({ ...s, status: "unknown" as const }));
  if (!reading || reading.base === null || reading.effective === null || scripts.length > MAX_SCRIPTS)
    return unknown();
  const { base, effective, state } = reading;
  const seen = scripts.map(() => new Set<TrackScriptStatus>());
  for (let failing = 0; failing < 1 << scripts.length; failing++) {
    let sum = 0;
    let fault = false;
    scripts.forEach((script, i) => {
      const fails = (failing & (1 << i)) !== 0;
      if (fails && script.weight < 0) sum += script.weight;
      if (!fails && script.weight > 0) sum += script.weight;
      if (fails && script.weight === 0) fault = true;
    });
    // A weight-0 failure means FAULT, whatever the priority; otherwise the priority must add up.
    if (fault ? state !== "FAULT" : clamp(base + sum) !== effective) continue;
    scripts.forEach((_, i) => seen[i]?.add((failing & (1 << i)) !== 0 ? "failing" : "ok"));
  }
  return scripts.map((script, i) => {
    const statuses = seen[i] ?? new Set();
    const [only] = statuses;
    return { ...script, status: statuses.size === 1 && only ? only : "unknown" };
  });
}
