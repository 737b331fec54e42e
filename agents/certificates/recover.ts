/**
 * A distribution job left running by an agents process that died, taken over by this one: every node
 * is read again (file, backup, what HAProxy holds; an open transaction aborted), then the job goes on
 * or puts every node it touched back (lib/certificates/recovery.ts decides), so the pair never stays
 * split between two certificates. A temporary file a killed write left beside the certificate is
 * removed either way. The steps say what was found and what was done.
 */
import { posix } from "node:path";
import { parseShowSslCert, abortSslCertCommand, showSslCertCommand } from "@/lib/certificates/runtime-api";
import { recordOf, recoveryDecision, type NodeNow, type NodeState } from "@/lib/certificates/recovery";
import type { CertificateJobStep } from "@/lib/certificates/types";
import { errorMessage } from "@/lib/error-message";
import { sha256 } from "@/lib/rollout/files";
import { atomicTempPrefix } from "@/lib/ssh";
import type { CertificateNode, Kept } from "./node";
import { finishSteps, outcomeOf, prune, restore, serialSave, type StepsOutcome, type Touched } from "./steps";

type Step = CertificateJobStep;

/** A node just restarted with the agents may not answer at once: a few tries before it counts as unreadable. */
export const READ_TRIES = 3;
const READ_RETRY_MS = 2_000;
const INTERRUPTED = "interrupted by a restart";

export interface RecoveryPlan {
  path: string;
  jobId: number;
  /** The certificate to go on with; null when the store no longer holds the job's. */
  next: { pem: string; sha1: string } | null;
}

interface Reading {
  now: NodeNow;
  fileText: string | null;
  backupText: string | null;
}

/** The step a restarted job starts with: what the crash left and what is done about it. */
export function interruptedNote(what: string): Step {
  return { node: "both", kind: "recover", status: "done", log: [`${INTERRUPTED}; ${what}`] };
}

async function readNode(node: CertificateNode, path: string, backup: string | null): Promise<Reading> {
  // A `set ssl cert` the dead process left uncommitted would hold the path's transaction.
  await node.runtime(abortSslCertCommand(path)).catch(() => "");
  const fileText = (await node.stat(path)) ? await node.readFile(path) : null;
  const backupText = backup && (await node.stat(backup)) ? await node.readFile(backup) : null;
  const loaded = parseShowSslCert(await node.runtime(showSslCertCommand(path)));
  return {
    fileText,
    backupText,
    now: {
      fileSha256: fileText === null ? null : sha256(fileText),
      backupSha256: backupText === null ? null : sha256(backupText),
      runtimeSha1: loaded?.sha1 ?? null,
    },
  };
}

async function readNodes(
  nodes: CertificateNode[],
  unreachable: Record<string, string>,
  plan: RecoveryPlan,
  steps: Step[],
  sleep: (ms: number) => Promise<void>,
) {
  const readings = new Map<string, Reading>();
  const readErrors: Record<string, string> = { ...unreachable };
  for (let attempt = 1; attempt <= READ_TRIES; attempt++) {
    for (const node of nodes) {
      if (readings.has(node.name)) continue;
      try {
        readings.set(node.name, await readNode(node, plan.path, recordOf(steps, node.name)?.backup ?? null));
        delete readErrors[node.name];
      } catch (error) {
        readErrors[node.name] = errorMessage(error);
      }
    }
    if (readings.size === nodes.length || attempt === READ_TRIES) break;
    await sleep(READ_RETRY_MS);
  }
  return { readings, readErrors };
}

/** What the restore of a touched node puts back: the original from its backup (or the file, when that is still it). */
function touchedEntry(state: NodeState, reading: Reading | undefined) {
  const previous = state.recorded?.previous ?? null;
  const text = state.backupOk ? reading?.backupText : state.file === "old" ? reading?.fileText : null;
  if (previous && (text === null || text === undefined)) return null;
  return {
    replaced: { previous: previous && text ? { ...previous, text } : null },
    // HAProxy is given the old certificate again unless it already holds it.
    committed: state.runtime !== "old",
  };
}

/** Removes the temporary files a write killed with its process left beside the certificate. */
async function removeTemporaries(nodes: CertificateNode[], path: string, note: Step): Promise<void> {
  const prefix = atomicTempPrefix(path);
  for (const node of nodes) {
    try {
      const files = (await node.listFolder(posix.dirname(path))) ?? [];
      for (const file of files.filter((f) => posix.basename(f).startsWith(prefix))) {
        await node.remove(file);
        note.log.push(`${node.name}: removed ${file}, left by a write the restart cut off`);
      }
    } catch (error) {
      note.log.push(`${node.name}: temporary files not checked: ${errorMessage(error)}`);
    }
  }
}

export async function recoverCertificateSteps(
  nodes: CertificateNode[],
  unreachable: Record<string, string>,
  plan: RecoveryPlan,
  earlier: Step[],
  save: (steps: Step[]) => Promise<void>,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<StepsOutcome> {
  const steps = structuredClone(earlier);
  const saveSteps = serialSave(steps, save);
  const names = [...nodes.map((n) => n.name), ...Object.keys(unreachable)];
  // A job claimed but killed before its first save has no steps yet.
  for (const kind of ["file", "runtime"])
    for (const node of names)
      if (!steps.some((s) => s.node === node && s.kind === kind))
        steps.push({ node, kind, status: "pending", log: [] });
  const { readings, readErrors } = await readNodes(nodes, unreachable, plan, steps, sleep);
  const intended = plan.next ? { sha256: sha256(plan.next.pem), sha1: plan.next.sha1 } : null;
  const decision = recoveryDecision({
    nodes: names,
    steps,
    now: Object.fromEntries([...readings].map(([node, r]) => [node, r.now])),
    readErrors,
    intended,
  });
  const note = interruptedNote(decision.reason);
  const stateOf = (node: string) => decision.states.find((s) => s.node === node);
  const touched: Touched = new Map();
  if (decision.action === "resume" && plan.next) {
    const kept = new Map<string, Kept>();
    for (const node of nodes) {
      const state = stateOf(node.name);
      if (!state?.recorded) continue;
      const entry = touchedEntry(state, readings.get(node.name));
      if (entry) touched.set(node, entry);
      else
        note.log.push(`warning: ${node.name}'s backup is not the original: a failure now cannot put it back`);
      // The original is kept already unless the backup was cut short while the file is still the original (copied again then).
      if (state.backupOk || state.file !== "old") kept.set(node.name, { previous: state.recorded.previous });
    }
    for (const s of steps) {
      const state = stateOf(s.node);
      const confirmed =
        s.kind === "file"
          ? state?.file === "new"
          : s.kind === "runtime"
            ? state?.runtime === "new" || readings.get(s.node)?.now.runtimeSha1 === null
            : true;
      if (s.status === "running" || (s.status === "done" && !confirmed)) {
        s.log.push(`${INTERRUPTED}; ${s.kind === "prune" ? "pruned again below" : "run again"}`);
        s.status = s.kind === "prune" ? "skipped" : "pending";
      }
    }
    steps.push(note);
    await removeTemporaries(nodes, plan.path, note);
    return finishSteps(
      nodes,
      { path: plan.path, jobId: plan.jobId, ...plan.next },
      steps,
      touched,
      saveSteps,
      kept,
    );
  }
  for (const s of steps) {
    if (s.status === "running") Object.assign(s, { status: "failed", error: INTERRUPTED });
    else if (s.status === "pending") s.status = "skipped";
  }
  steps.push(note);
  if (decision.action === "restore") {
    for (const [node, why] of Object.entries(decision.cannot))
      steps.push({ node, kind: "restore", status: "failed", log: [], error: `restore on ${node}: ${why}` });
    for (const node of nodes) {
      const state = stateOf(node.name);
      if (!state || !decision.restore.includes(node.name)) continue;
      const entry = touchedEntry(state, readings.get(node.name));
      if (entry) touched.set(node, entry);
    }
  }
  await restore(nodes, touched, plan.path, steps, saveSteps);
  await removeTemporaries(nodes, plan.path, note);
  await prune(nodes, plan.path, steps, saveSteps);
  const restores = steps.filter((s) => s.kind === "restore");
  const error =
    restores.length === 0
      ? `${INTERRUPTED}; ${decision.reason}; nothing had been changed`
      : `${INTERRUPTED}; ${decision.reason}`;
  return { ok: false, status: outcomeOf(steps, error), steps, error };
}
