/**
 * Hold and resolve, pure: a condition first seen opens a pending incident; it fires once it has lasted
 * its hold time; when the condition is gone a firing incident resolves and a pending one is discarded
 * (it never paged). One incident per rule and key while open, so a condition pages once, not per poll.
 */
import { PAGE_FIRST_RULES, type Condition, type RuleId } from "./types";

/** Open incidents a cluster may have at once; past it, one "too many conditions" stands for the rest. */
export const MAX_OPEN_INCIDENTS_PER_CLUSTER = 50;
/** How many of the conditions left out the overflow incident names. */
const OVERFLOW_NAMED_MAX = 20;

export interface OpenIncident {
  id: number;
  rule: RuleId;
  key: string;
  state: "pending" | "firing";
  /** Epoch ms the condition was first seen. */
  since: number;
  /** What it says now (the rules in SUMMARY_FOLLOWS have theirs brought up to date while firing). */
  summary?: string;
}

/**
 * Firing incidents whose summary and evidence follow the condition (no new page): a split-brain's
 * cause ("lb-02 does not hear lb-01") shows in the counters a poll or two after it fires.
 */
const SUMMARY_FOLLOWS: readonly RuleId[] = ["split-brain"];

export type Transition =
  | { kind: "open"; condition: Condition; firing: boolean }
  | { kind: "fire"; id: number; condition: Condition }
  | { kind: "update"; id: number; condition: Condition }
  | { kind: "resolve"; id: number }
  | { kind: "discard"; id: number };

const identity = (item: { rule: string; key: string }) => `${item.rule}\u0000${item.key}`;

export function stepIncidents(open: OpenIncident[], conditions: Condition[], now: number): Transition[] {
  const current = new Map(conditions.map((condition) => [identity(condition), condition]));
  const openByIdentity = new Map(open.map((incident) => [identity(incident), incident]));
  const transitions: Transition[] = [];
  for (const incident of open) {
    const condition = current.get(identity(incident));
    if (!condition)
      transitions.push(
        incident.state === "firing"
          ? { kind: "resolve", id: incident.id }
          : { kind: "discard", id: incident.id },
      );
    else if (incident.state === "pending" && now - incident.since >= condition.holdMs)
      transitions.push({ kind: "fire", id: incident.id, condition });
    else if (
      incident.state === "firing" &&
      SUMMARY_FOLLOWS.includes(incident.rule) &&
      incident.summary !== undefined &&
      incident.summary !== condition.summary
    )
      transitions.push({ kind: "update", id: incident.id, condition });
  }
  for (const [key, condition] of current) {
    if (!openByIdentity.has(key))
      transitions.push({ kind: "open", condition, firing: condition.holdMs <= 0 });
  }
  return transitions;
}

/**
 * When the next pending incident (or one this round opens) reaches its hold time: the evaluator wakes
 * then, so a page goes out at the end of the hold rather than at the next scheduled round.
 */
export function nextFireAt(open: OpenIncident[], conditions: Condition[], now: number): number | null {
  const openByIdentity = new Map(open.map((incident) => [identity(incident), incident]));
  let earliest: number | null = null;
  for (const condition of conditions) {
    if (condition.holdMs <= 0) continue;
    const incident = openByIdentity.get(identity(condition));
    if (incident?.state === "firing") continue;
    const at = (incident?.since ?? now) + condition.holdMs;
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest;
}

/**
 * Bounds what one cluster can open: at most `max` incidents, the last slot being one
 * "too-many-conditions" incident that counts the rest. Kept first: the page-first rules, then what is
 * already open (so the kept set does not churn), then critical before warning, in rule order.
 */
export function capConditions(
  conditions: Condition[],
  open: OpenIncident[],
  max = MAX_OPEN_INCIDENTS_PER_CLUSTER,
): Condition[] {
  if (conditions.length <= max) return conditions;
  const isOpen = new Set(open.map(identity));
  const rank = (c: Condition) =>
    PAGE_FIRST_RULES.includes(c.rule) ? 0 : isOpen.has(identity(c)) ? 1 : c.severity === "critical" ? 2 : 3;
  const ordered = conditions
    .map((condition, index) => ({ condition, index }))
    .sort((a, b) => rank(a.condition) - rank(b.condition) || a.index - b.index);
  const kept = ordered.slice(0, max - 1).map((item) => item.condition);
  const left = ordered.slice(max - 1).map((item) => item.condition);
  const overflow: Condition = {
    rule: "too-many-conditions",
    key: "too-many-conditions",
    severity: left.some((c) => c.severity === "critical") ? "critical" : "warning",
    summary: `more than ${max - 1} conditions at once: ${left.length} more are not tracked`,
    holdMs: Math.min(...left.map((c) => c.holdMs)),
    evidence: {
      total: conditions.length,
      tracked: kept.length,
      untracked: left.length,
      examples: left.slice(0, OVERFLOW_NAMED_MAX).map((c) => c.summary),
    },
  };
  return [...kept, overflow];
}
