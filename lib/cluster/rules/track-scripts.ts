/**
 * Track scripts must be able to move mastership: the article's `weight -20` against a 10-point
 * priority gap. A weight too small leaves the VIP on a master whose HAProxy is dead (a blackhole).
 */
import type { ClusterDefinition } from "../schema/definition";
import { masterIndex } from "./pair";
import type { FieldIssue } from "./types";

export function trackScriptIssues(definition: ClusterDefinition): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const m = masterIndex(definition);
  const master = definition.nodes[m];
  const backup = definition.nodes[m === 0 ? 1 : 0];
  const gap = master.priority - backup.priority;
  const names = new Set<string>();
  definition.vrrp.trackScripts.forEach((script, i) => {
    if (names.has(script.name))
      issues.push({
        path: `vrrp.trackScripts.${i}.name`,
        message: `track script "${script.name}" is defined twice`,
      });
    names.add(script.name);
    // A script the instance does not track cannot move the VIP at all, whatever its weight.
    const w = script.tracked ? script.weight : 0;
    // weight 0: a failing script puts the node in FAULT, which always hands over the VIP.
    if (w < 0 && master.priority + w >= backup.priority) {
      issues.push({
        path: `vrrp.trackScripts.${i}.weight`,
        message: `weight ${w} cannot move the VIP: ${master.name} would keep ${master.priority + w}, not below ${backup.name}'s ${backup.priority}; use a weight below -${gap}`,
      });
    }
    if (w > 0 && backup.priority + w <= master.priority) {
      issues.push({
        path: `vrrp.trackScripts.${i}.weight`,
        message: `weight +${w} cannot move the VIP: ${backup.name} would reach ${backup.priority + w}, not above ${master.name}'s ${master.priority}; use a weight above ${gap}`,
      });
    }
  });
  return issues;
}
