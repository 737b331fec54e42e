/**
 * What a process taking over a certificate job left running by a dead agents process does with it,
 * judged from what each node holds now (re-read at take-over) against what the job's file steps
 * recorded before they wrote. Pure.
 *
 * Going on is preferred: the job is a change someone asked for, every step is idempotent (the file is
 * written again, `set`/`commit ssl cert` again, no reload) and the original file stays in its backup,
 * so a failure on the way still restores. Every node is put back instead when going on would not be
 * the change that was asked for or cannot be checked: the stored certificate was replaced or removed
 * since, the job had already failed (a restore was under way), a node holds something that is neither
 * its old nor the new file, or a node cannot be read.
 */
import type { CertificateJobStep, FileRecord } from "./types";

/** One node as read at take-over. */
export interface NodeNow {
  /** sha256 of the file at the job's path; null: no file. */
  fileSha256: string | null;
  /** SHA-1 HAProxy holds for the path (`show ssl cert`); null: it does not load that file. */
  runtimeSha1: string | null;
  /** sha256 of the recorded backup; null: none there. */
  backupSha256: string | null;
}

export interface RecoveryInput {
  nodes: string[];
  steps: CertificateJobStep[];
  /** Per node; a node missing here could not be read (why in `readErrors`). */
  now: Record<string, NodeNow | undefined>;
  readErrors: Record<string, string>;
  /** The new file's sha256 and its leaf's SHA-1; null when the store no longer holds the job's certificate. */
  intended: { sha256: string; sha1: string } | null;
}

/** What one node holds: its old file, the new one, or something else. */
export type Holds = "old" | "new" | "other";

export interface NodeState {
  node: string;
  /** The record the file step saved before writing; null: the job never got that far on this node (untouched). */
  recorded: FileRecord | null;
  file: Holds;
  /** What HAProxy holds: the old certificate (or none), the new one, or another. */
  runtime: Holds;
  /** The backup is the original the record names (or there was no file). */
  backupOk: boolean;
}

export type RecoveryDecision =
  | { action: "resume"; reason: string; states: NodeState[] }
  | {
      action: "restore";
      reason: string;
      states: NodeState[];
      /** Touched nodes to put back (file and, where HAProxy holds another, its memory). */
      restore: string[];
      /** Touched nodes that cannot be put back, and why. */
      cannot: Record<string, string>;
    };

export function recordOf(steps: CertificateJobStep[], node: string): FileRecord | null {
  return steps.find((s) => s.node === node && s.kind === "file")?.recorded ?? null;
}

function nodeState(input: RecoveryInput, node: string, now: NodeNow): NodeState {
  const recorded = recordOf(input.steps, node);
  const previous = recorded?.previous ?? null;
  const isNew = input.intended !== null && now.fileSha256 === input.intended.sha256;
  // An untouched node holds whatever it held: its old file by definition.
  const isOld = !recorded || now.fileSha256 === (previous?.sha256 ?? null);
  const file: Holds = isNew ? "new" : isOld ? "old" : "other";
  // Another certificate in HAProxy's memory is told apart only when the old file's leaf was readable.
  const runtime: Holds =
    input.intended !== null && now.runtimeSha1 === input.intended.sha1
      ? "new"
      : now.runtimeSha1 === null || !previous?.sha1 || now.runtimeSha1 === previous.sha1
        ? "old"
        : "other";
  const backupOk = !previous || now.backupSha256 === previous.sha256;
  return { node, recorded, file, runtime, backupOk };
}

function describe(state: NodeState, known: boolean): string {
  const touched = state.recorded ? "" : " (untouched)";
  const file = state.file === "other" && !known ? "changed" : state.file;
  return `${state.node}: file ${file}, HAProxy ${state.runtime}${touched}`;
}

export function recoveryDecision(input: RecoveryInput): RecoveryDecision {
  const states = input.nodes.flatMap((node) => {
    const now = input.now[node];
    return now ? [nodeState(input, node, now)] : [];
  });
  const unreadable = input.nodes.filter((node) => !input.now[node]);
  const reasons: string[] = [];
  if (input.intended === null)
    reasons.push("the stored certificate was replaced or removed since the job began");
  if (input.steps.some((s) => s.kind === "restore" || s.status === "failed"))
    reasons.push("the job had already failed and its restore was under way");
  for (const node of unreadable)
    reasons.push(`${node} cannot be read (${input.readErrors[node] ?? "no answer"})`);
  // With the stored certificate replaced, the job's own file cannot be told from a third one: that reason says enough.
  for (const s of input.intended === null ? [] : states) {
    if (s.file === "other") reasons.push(`${s.node} holds neither its old file nor the new one`);
    if (s.runtime === "other")
      reasons.push(`${s.node}'s HAProxy holds neither the old certificate nor the new one`);
  }
  const seen = states.map((s) => describe(s, input.intended !== null)).join("; ");
  if (reasons.length === 0)
    return { action: "resume", reason: `${seen}: going on (every step is safe to run again)`, states };
  const restore: string[] = [];
  const cannot: Record<string, string> = {};
  for (const node of input.nodes) {
    const state = states.find((s) => s.node === node);
    const touched = state ? state.recorded !== null : recordOf(input.steps, node) !== null;
    if (!touched) continue;
    if (!state) cannot[node] = `cannot be read (${input.readErrors[node] ?? "no answer"})`;
    else if (!state.backupOk && state.file !== "old")
      cannot[node] = `its backup ${state.recorded?.backup ?? "(none)"} is missing or not the original file`;
    else restore.push(node);
  }
  return {
    action: "restore",
    reason: `${[seen, ...reasons].filter((r) => r !== "").join("; ")}: putting back every node the job touched`,
    states,
    restore,
    cannot,
  };
}
