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
  /** sha256 of the master's failover keepalived.conf, when the mode has one. */
  loweredSha: string | null;
}

export function fileStates(input: ResumeInput): Record<string, Partial<Record<FileRole, FileState>>> {
  return Object.fromEntries(
    input.plan.nodes.map((node) => {
      const now = input.now[node.node];
      return [
        node.node,
        Object.fromEntries(
          node.files.map((f) => {
            if (!now) return [f.role, "unreachable"];
            const sha = now[f.path] ?? null;
            const state: FileState = sha === f.afterSha ? "after" : sha === f.beforeSha ? "before" : f.role === "keepalived.conf" && sha !== null && sha === input.loweredSha ? "lowered" : "other";
            return [f.role, state];
          }),
        ),
      ];
    }),
  );
}

/** Reasons not to resume; empty means every node holds exactly what the recorded steps imply. */
export function resumeProblems(input: ResumeInput): string[] {
  const states = fileStates(input);
  const problems: string[] = [];
  for (const node of input.plan.nodes) {
    const mine = input.steps.filter((s) => s.node === node.node);
    const started = (kind: StepKind) => mine.some((s) => s.kind === kind && s.status !== "pending");
    const done = (kind: StepKind) => mine.some((s) => s.kind === kind && s.status === "done");
    for (const file of node.files) {
      const state = states[node.node]?.[file.role] ?? "other";
      let allowed: FileState[];
      if (started("restore")) allowed = ["before", "after", "lowered"];
      else if (done("install")) allowed = ["after"];
      else if (started("install")) allowed = ["before", "after", "lowered"];
      else allowed = ["before"];
      // The failover rewrote the master's keepalived.conf before its install.
      if (file.role === "keepalived.conf" && started("failover") && !done("install")) allowed = [...allowed, "lowered"];
      if (!allowed.includes(state)) {
        problems.push(state === "unreachable" ? `${node.node} cannot be read` : `${node.node}: ${file.path} is ${state === "other" ? "neither the previous nor the new version (changed by someone else?)" : `the ${state} version`}, expected ${allowed.join(" or ")}`);
      }
    }
  }
  return [...new Set(problems)];
}
