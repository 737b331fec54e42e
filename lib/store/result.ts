/**
 * How the store says no, in its own words: a code for what kind of refusal it is and field-level
 * issues. The HTTP layer maps the codes to statuses in one table (app/api/_lib/refusals.ts); the CLI
 * and scripts read the same codes.
 */
import type { FieldIssue } from "@/lib/cluster/definition";

export const REFUSAL_CODES = [
  /** The input is well-formed but not acceptable (a definition's rules, an unknown backend). */
  "invalid",
  /** The caller's role does not allow this (beyond the route's own capability check). */
  "forbidden",
  /** The thing asked about does not exist (or not in this cluster). */
  "not-found",
  /** Another writer got there first: a name taken, a slot held, an edit on a stale revision. */
  "conflict",
  /** The thing exists but its state does not allow this now (not planned, not fired, unhealthy). */
  "forbidden-by-state",
  /** A process this waits on (the agents) did not answer. */
  "unavailable",
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  ok: false;
  code: RefusalCode;
  issues: FieldIssue[];
}

/** A refusal with one issue. */
export function refusal(code: RefusalCode, path: string, message: string): Refusal {
  return { ok: false, code, issues: [{ path, message }] };
}

/** A gate's problems as a refusal on `force` (rollout start, drill), or null when none or forced (its reason checked by the schema). */
export function unlessForced(problems: readonly string[], force: boolean, verb: string): Refusal | null {
  if (problems.length === 0 || force) return null;
  return {
    ok: false,
    code: "forbidden-by-state",
    issues: problems.map((message) => ({
      path: "force",
      message: `${message} (force with a reason to ${verb} anyway)`,
    })),
  };
}
