/**
 * Drift: haproxy.cfg or certificates differ between the two nodes (keepalived.conf differs by design),
 * or a node's files differ from what the last rollout pushed (when that is known); and another cluster
 * using this VRID on the same segment (the article's "bizarre, intermittent failover").
 */
import { freshReachable, seconds } from "../observations";
import type { Condition, Rule } from "../types";

export const drift: Rule = (input) => {
  const holdMs = seconds(input.subject.settings.hold.drift);
  const conditions: Condition[] = [];
  const [a, b] = freshReachable(input);
  if (a && b) {
    const files = new Set([...Object.keys(a.checksums), ...Object.keys(b.checksums)]);
    files.delete("keepalived.conf");
    for (const file of [...files].sort()) {
      if (a.checksums[file] === b.checksums[file]) continue;
      conditions.push({
        rule: "drift",
        key: `between:${file}`,
        severity: "warning",
        summary: `${file} differs between ${a.node} and ${b.node}`,
        holdMs,
        // Never the checksums: evidence reaches viewers and pages, and a file's sha256 lets one guess the secrets in it.
        evidence: {
          file,
          present: { [a.node]: a.checksums[file] !== undefined, [b.node]: b.checksums[file] !== undefined },
        },
      });
    }
  }
  for (const o of freshReachable(input)) {
    const pushed = input.lastPushed?.[o.node] ?? {};
    for (const file of Object.keys(pushed).sort()) {
      if (o.checksums[file] === pushed[file]) continue;
      conditions.push({
        rule: "drift",
        key: `pushed:${o.node}:${file}`,
        severity: "warning",
        summary: `${file} on ${o.node} differs from the last pushed revision`,
        holdMs,
        evidence: {
          node: o.node,
          file,
          seen: o.checksums[file] === undefined ? "missing" : "changed since hapair installed it",
        },
      });
    }
  }
  for (const other of input.otherClusters) {
    const shared = other.segments.filter((segment) => input.subject.segments.includes(segment));
    if (other.virtualRouterId !== input.subject.virtualRouterId || shared.length === 0) continue;
    conditions.push({
      rule: "drift",
      key: `vrid:${other.name}`,
      severity: "warning",
      summary: `VRID ${other.virtualRouterId} is also used by cluster ${other.name} on ${shared.join(", ")}`,
      holdMs: 0,
      evidence: { virtualRouterId: other.virtualRouterId, otherCluster: other.name, segments: shared },
    });
  }
  return conditions;
};
