/**
 * Whether a rollout left running by a dead agents process may go on, judged from the files each node
 * really holds now (re-read after the restart) against what the finished steps imply. Pure.
 */
import type { FileRole, RolloutMode, RolloutPlan, StepKind } from "./types";

/** What a file on a node is now: the version before the rollout, the rollout's, the failover's lowered keepalived.conf, or something else. */
export type FileState = "before" | "after" | "lowered" | "other" | "unreachable";

export interface ResumeInput {
  mode: RolloutMode;
  plan: RolloutPlan;
  steps: { kind: StepKind; node: string | null; status: string }[];
  /** sha256 per node per path now (null: no file); a node missing here could not be read. */
  now: Record<string, Record<string, string | null> | undefined>;
  /** Why a node could not be read, when known. */
  readErrors?: Record<string, string>;
  /** sha256 of the master's failover keepalived.conf, when the mode has one. */
  loweredSha: string | null;
}

/**
 * Every state a file matches: a file the rollout does not change (same hash before and after) is
 * both "before" and "after", so it fits a node on either side of its install.
 */
export function fileStates(input: ResumeInput): Record<string, Partial<Record<FileRole, FileState[]>>> {
  return Object.fromEntries(
    input.plan.nodes.map((node) => {
      const now = input.now[node.node];
      return [
        node.node,
        Object.fromEntries(
          node.files.map((f) => {
            if (!now) return [f.role, ["unreachable"]];
            const sha = now[f.path] ?? null;
            const states: FileState[] = [];
            if (sha === f.beforeSha) states.push("before");
            if (sha === f.afterSha) states.push("after");
            if (f.role === "keepalived.conf" && sha !== null && sha === input.loweredSha)
              states.push("lowered");
            return [f.role, states.length > 0 ? states : ["other"]];
          }),
        ),
      ];
    }),
  );
}

function describeState(states: FileState[]): string {
  if (states.includes("other")) return "neither the previous nor the new version (changed by someone else?)";
  return `the ${states.join("/")} version`;
}

/** Reasons not to resume; empty means every node holds exactly what the recorded steps imply. */
export function resumeProblems(input: ResumeInput): string[] {
  const states = fileStates(input);
  const problems: string[] = [];
  for (const node of input.plan.nodes) {
    const mine = input.steps.filter((s) => s.node === node.node);
    // A skipped step never ran: it does not count as started.
    const started = (kind: StepKind) =>
      mine.some((s) => s.kind === kind && s.status !== "pending" && s.status !== "skipped");
    const done = (kind: StepKind) => mine.some((s) => s.kind === kind && s.status === "done");
    for (const file of node.files) {
      const state = states[node.node]?.[file.role] ?? ["other"];
      let allowed: FileState[];
      if (started("restore")) allowed = ["before", "after", "lowered"];
      else if (done("install")) allowed = ["after"];
      else if (started("install")) allowed = ["before", "after", "lowered"];
      else allowed = ["before"];
      // The failover rewrote the master's keepalived.conf before its install.
      if (file.role === "keepalived.conf" && started("failover") && !done("install"))
        allowed = [...allowed, "lowered"];
      if (!state.some((s) => allowed.includes(s))) {
        const error = input.readErrors?.[node.node];
        problems.push(
          state.includes("unreachable")
            ? `${node.node} cannot be read${error ? ` (${error})` : ""}`
            : `${node.node}: ${file.path} is ${describeState(state)}, expected ${allowed.join(" or ")}`,
        );
      }
    }
  }
  return [...new Set(problems)];
}

/**
 * What a restarted agents process does with the rollout: resume it; restore every node it touched
 * (the files are not what the steps imply, so going on could leave the nodes uneven); or stop, when a
 * node cannot be read at all (neither resuming nor restoring can be checked).
 */
export type ResumeDecision =
  { action: "resume" } | { action: "restore"; reason: string } | { action: "stop"; reason: string };

export function resumeDecision(input: ResumeInput): ResumeDecision {
  const problems = resumeProblems(input);
  if (problems.length === 0) return { action: "resume" };
  const unreadable = input.plan.nodes.some((n) => !input.now[n.node]);
  return { action: unreadable ? "stop" : "restore", reason: problems.join("; ") };
}
