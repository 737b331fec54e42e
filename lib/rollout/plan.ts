/**
 * The plan for one revision: per node and per file, the rendered text against the text actually read
 * from the node, and drift (files changed since hapair last pushed them, or differing between the
 * nodes where they must be identical). Pure.
 */
import { createTwoFilesPatch } from "diff";
import { maskSecrets, sha256 } from "./files";
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
}

function fileDiff(file: DesiredFile, before: string | null): string {
  if (before === file.text) return "";
  return createTwoFilesPatch(`${file.path} (on the node)`, `${file.path} (rollout)`, maskSecrets(before ?? ""), maskSecrets(file.text), "", "", { context: 3 })
    .split("\n")
    .slice(1) // the "Index:"/"===" header adds nothing here
    .join("\n");
}

export function buildPlan(input: PlanInput): RolloutPlan {
  const { order, desired, current, lastPushed } = input;
  const sides = [
    [order.backup, "backup"],
    [order.master, "master"],
  ] as const;
  const nodes: NodePlan[] = sides.map(([node, side]) => {
    const files: PlanFile[] = (desired[node] ?? []).map((file) => {
      const before = current[node]?.[file.path] ?? null;
      return {
        role: file.role,
        path: file.path,
        beforeSha: before === null ? null : sha256(before),
        afterSha: sha256(file.text),
        changed: before !== file.text,
        diff: fileDiff(file, before),
      };
    });
    const drift: string[] = [];
    const pushed = lastPushed?.[node];
    if (pushed) {
      for (const file of files) {
        const expected = pushed[file.role];
        if (expected && file.beforeSha !== expected) drift.push(`${file.path} was changed on ${node} since hapair last pushed it`);
      }
    }
    return { node, side, files, drift };
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
  return new Set(plan.nodes.find((n) => n.node === node)?.files.filter((f) => f.changed).map((f) => f.role) ?? []);
}
