/**
 * The plan for one revision: per node and per file, the rendered text against the text actually read
 * from the node, and drift (files changed since hapair last pushed them, or differing between the
 * nodes where they must be identical). Pure apart from the clock that bounds the diffs.
 */
import { boundedPatch, DIFF_LIMITS, type DiffLimits } from "@/lib/cluster/bounded-diff";
import { maskSecrets, sha256 } from "./files";
import { keepalivedReloadRisk } from "./keepalived-reload";
import type { DesiredFile, FileRole, NodePlan, PlanFile, RolloutPlan } from "./types";

export interface PlanInput {
  revision: number;
  /** Node names, backup first. */
  order: { backup: string; master: string };
  desired: Record<string, DesiredFile[]>;
  /** What each node holds at each path now (null: no such file). */
  current: Record<string, Record<string, string | null>>;
  /** sha256 per node and role of what hapair last installed there (from the last finished rollout), if any. */
  lastPushed: Record<string, Partial<Record<FileRole, string>>> | null;
  /** Bounds per diff; the plan's diffs together get at most PLAN_DIFF_BUDGET_MS. */
  diffLimits?: DiffLimits;
}

/** All diffs of one plan together may block the agents' thread this long; the rest say "too large". */
export const PLAN_DIFF_BUDGET_MS = 1500;

function fileDiff(file: DesiredFile, before: string | null, limits: DiffLimits): string | null {
  if (before === file.text) return "";
  const patch = boundedPatch(
    `${file.path} (on the node)`,
    `${file.path} (rollout)`,
    maskSecrets(before ?? ""),
    maskSecrets(file.text),
    limits,
  );
  return patch === null ? null : patch.split("\n").slice(1).join("\n"); // the "Index:"/"===" header adds nothing here
}

export function buildPlan(input: PlanInput): RolloutPlan {
  const { order, desired, current, lastPushed } = input;
  const limits = input.diffLimits ?? DIFF_LIMITS;
  const deadline = Date.now() + PLAN_DIFF_BUDGET_MS;
  const sides = [
    [order.backup, "backup"],
    [order.master, "master"],
  ] as const;
  const nodes: NodePlan[] = sides.map(([node, side]) => {
    const files: PlanFile[] = (desired[node] ?? []).map((file) => {
      const before = current[node]?.[file.path] ?? null;
      const diff = fileDiff(file, before, {
        ...limits,
        timeoutMs: Math.min(limits.timeoutMs, deadline - Date.now()),
      });
      return {
        role: file.role,
        path: file.path,
        beforeSha: before === null ? null : sha256(before),
        afterSha: sha256(file.text),
        changed: before !== file.text,
        diff: diff ?? "",
        ...(diff === null ? { diffTooLarge: true } : {}),
      };
    });
    const drift: string[] = [];
    const pushed = lastPushed?.[node];
    if (pushed) {
      for (const file of files) {
        const expected = pushed[file.role];
        if (expected && file.beforeSha !== expected)
          drift.push(`${file.path} was changed on ${node} since hapair last pushed it`);
      }
    }
    const keepalived = (desired[node] ?? []).find((f) => f.role === "keepalived.conf");
    const risk = keepalived
      ? keepalivedReloadRisk(current[node]?.[keepalived.path] ?? null, keepalived.text)
      : null;
    const warnings = (risk?.reasons ?? []).map((reason) => `keepalived reload restarts VRRP: ${reason}`);
    return { node, side, files, drift, ...(warnings.length > 0 ? { warnings } : {}) };
  });
  // haproxy.cfg must be identical on both nodes: a difference is drift on both, whatever was pushed.
  const cfg = (plan: NodePlan) => plan.files.find((f) => f.role === "haproxy.cfg")?.beforeSha;
  const [first, second] = nodes;
  if (first && second && cfg(first) !== cfg(second)) {
    for (const plan of nodes) plan.drift.push(`haproxy.cfg differs between ${first.node} and ${second.node}`);
  }
  return {
    revision: input.revision,
    nodes,
    noChange: nodes.every((n) => n.files.every((f) => !f.changed)),
    drift: nodes.some((n) => n.drift.length > 0),
  };
}

export function changedRoles(plan: RolloutPlan, node: string): Set<FileRole> {
  return new Set(
    plan.nodes
      .find((n) => n.node === node)
      ?.files.filter((f) => f.changed)
      .map((f) => f.role) ?? [],
  );
}
