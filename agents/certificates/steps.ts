/**
 * A distribution job's steps over its nodes: the file on every node first (so a failover mid-job
 * finds it, and a later reload keeps it), then the runtime API on every node (no reload), the
 * certificate HAProxy then holds compared with the intended one. When any of it fails, every node the
 * job touched gets back what it had (file, and HAProxy's memory where the commit went through), so
 * the pair never stays split between two certificates. Old backups are pruned at the end. Steps are
 * saved as they go, each node's original recorded before its file is written (./recover.ts reads it).
 */
import { certificateMetadata, leafOf } from "@/lib/certificates/bundle";
import type { CertificateJobStep, FileRecord } from "@/lib/certificates/types";
import { errorMessage } from "@/lib/error-message";
import { sha256 } from "@/lib/rollout/files";
import {
  certificateBackupPath,
  CERTIFICATE_BACKUPS_KEPT,
  commitCertificate,
  installCertificateFile,
  pruneCertificateBackups,
  restoreCertificateFile,
  type CertificateNode,
  type Kept,
  type Replaced,
} from "./node";

export interface JobPlan {
  path: string;
  pem: string;
  /** SHA-1 of the leaf, as HAProxy's `show ssl cert` prints it. */
  sha1: string;
  jobId: number;
}

type Step = CertificateJobStep;
/** What the job changed on each node, to put back on a failure (`committed`: HAProxy may hold the new certificate). */
export type Touched = Map<CertificateNode, { replaced: Replaced; committed: boolean }>;

export interface StepsOutcome {
  ok: boolean;
  status: "succeeded" | "restored" | "failed";
  steps: CertificateJobStep[];
  error: string | null;
}

/**
 * Saves one after another, each a snapshot: two nodes recording at once must not have an older
 * snapshot land after a newer one (a node's record, saved before it writes, would be lost).
 */
export function serialSave(steps: Step[], save: (steps: Step[]) => Promise<void>): () => Promise<void> {
  let chain: Promise<void> = Promise.resolve();
  return () => {
    const next = chain.then(() => save(structuredClone(steps)));
    chain = next.catch(() => undefined);
    return next;
  };
}

/** What the file step saves before it writes: where the original is kept and how to know it. */
function fileRecord(replaced: Replaced, plan: JobPlan): FileRecord {
  const { previous } = replaced;
  if (!previous) return { backup: null, previous: null };
  const leaf = leafOf(previous.text);
  return {
    backup: certificateBackupPath(plan.path, plan.jobId),
    previous: {
      sha256: sha256(previous.text),
      sha1: leaf ? certificateMetadata(leaf).sha1 : null,
      mode: previous.mode,
      uid: previous.uid,
      gid: previous.gid,
    },
  };
}

/**
 * The file step on every node, then the runtime step; each kind runs on the nodes at once. A step
 * already done is not run again (a job resumed after a restart); `kept`: nodes whose original was
 * kept before the restart.
 */
async function forward(
  nodes: CertificateNode[],
  plan: JobPlan,
  steps: Step[],
  touched: Touched,
  save: () => Promise<void>,
  kept: Map<string, Kept>,
): Promise<string | null> {
  const step = (node: string, kind: string) => steps.find((s) => s.node === node && s.kind === kind);
  for (const kind of ["file", "runtime"] as const) {
    const todo = nodes.flatMap((node) => {
      const s = step(node.name, kind);
      return s && s.status !== "done" ? [{ node, s }] : [];
    });
    for (const { s } of todo) s.status = "running";
    await save();
    const results = await Promise.allSettled(
      todo.map(async ({ node, s }) => {
        if (kind === "file")
          s.log.push(
            ...(await installCertificateFile(
              node,
              plan.path,
              plan.pem,
              plan.jobId,
              async (replaced) => {
                touched.set(node, { replaced, committed: false });
                s.recorded = fileRecord(replaced, plan);
                await save();
              },
              kept.get(node.name),
            )),
          );
        else {
          const entry = touched.get(node);
          // Counted before the answer: a commit whose answer was lost may still have gone through, and
          // giving HAProxy its old certificate again is harmless when it never left.
          if (entry) entry.committed = true;
          const outcome = await commitCertificate(node, plan.path, plan.pem);
          if (outcome.kind === "not-loaded") {
            if (entry) entry.committed = false;
            s.log.push("HAProxy does not load this file yet: the next reload reads it");
          } else if (outcome.loaded?.sha1 !== plan.sha1)
            throw new Error(
              `${node.name} holds ${outcome.loaded?.sha1 ?? "no certificate"} after the commit, not ${plan.sha1}`,
            );
          else s.log.push(`committed without a reload; HAProxy holds SHA-1 ${outcome.loaded.sha1}`);
        }
        s.status = "done";
      }),
    );
    let first: string | null = null;
    for (const [i, r] of results.entries()) {
      const s = todo[i]?.s;
      if (r.status === "rejected" && s) {
        Object.assign(s, { status: "failed", error: errorMessage(r.reason) });
        first ??= errorMessage(r.reason);
      }
    }
    if (first) return first;
    await save();
  }
  return null;
}

/** succeeded; restored (it failed, and every node it touched was put back); or failed. */
export function outcomeOf(steps: Step[], error: string | null): StepsOutcome["status"] {
  if (error === null) return "succeeded";
  const restores = steps.filter((s) => s.kind === "restore");
  return restores.length > 0 && restores.every((s) => s.status === "done") ? "restored" : "failed";
}

/** Forward, and on a failure the restore of every node touched; old backups pruned either way. */
export async function finishSteps(
  nodes: CertificateNode[],
  plan: JobPlan,
  steps: Step[],
  touched: Touched,
  save: () => Promise<void>,
  kept = new Map<string, Kept>(),
): Promise<StepsOutcome> {
  const error = await forward(nodes, plan, steps, touched, save, kept);
  if (error) {
    for (const other of steps) if (other.status === "pending") other.status = "skipped";
    await restore(nodes, touched, plan.path, steps, save);
  }
  await prune(nodes, plan.path, steps, save);
  return { ok: error === null, status: outcomeOf(steps, error), steps, error };
}

/** The steps over nodes that could be reached (`unreachable`: node → why not). */
export async function runCertificateSteps(
  nodes: CertificateNode[],
  unreachable: Record<string, string>,
  plan: JobPlan,
  save: (steps: CertificateJobStep[]) => Promise<void>,
): Promise<StepsOutcome> {
  const names = [...nodes.map((n) => n.name), ...Object.keys(unreachable)];
  const steps: Step[] = [
    ...names.map((node) => ({ node, kind: "file", status: "pending" as const, log: [] })),
    ...names.map((node) => ({ node, kind: "runtime", status: "pending" as const, log: [] })),
  ];
  const saveSteps = serialSave(steps, save);
  for (const [node, reason] of Object.entries(unreachable)) {
    const s = steps.find((x) => x.node === node && x.kind === "file");
    if (s) Object.assign(s, { status: "failed", error: `${node}: ${reason}` });
    for (const other of steps) if (other.status === "pending") other.status = "skipped";
    await saveSteps();
    return { ok: false, status: "failed", steps, error: `${node}: ${reason}; nothing was changed` };
  }
  return finishSteps(nodes, plan, steps, new Map(), saveSteps);
}

/** Every node the job wrote to gets back what it held, each node on its own (one failing does not stop the other). */
export async function restore(
  nodes: CertificateNode[],
  touched: Touched,
  path: string,
  steps: Step[],
  save: () => Promise<void>,
): Promise<void> {
  // In the nodes' order (not the order their writes finished), so the steps read the same every time.
  const restoring = nodes.flatMap((node) => {
    const entry = touched.get(node);
    if (!entry) return [];
    const s: Step = { node: node.name, kind: "restore", status: "running", log: [] };
    steps.push(s);
    return [{ node, entry, s }];
  });
  if (restoring.length === 0) return;
  await save();
  await Promise.all(
    restoring.map(async ({ node, entry, s }) => {
      try {
        s.log.push(...(await restoreCertificateFile(node, path, entry.replaced, entry.committed)));
        s.status = "done";
      } catch (error) {
        Object.assign(s, { status: "failed", error: `restore on ${node.name}: ${errorMessage(error)}` });
      }
    }),
  );
  await save();
}

/** Old job backups beyond the newest CERTIFICATE_BACKUPS_KEPT are removed; a failure here is a log line, not a failed job. */
export async function prune(
  nodes: CertificateNode[],
  path: string,
  steps: Step[],
  save: () => Promise<void>,
): Promise<void> {
  const s: Step = { node: "both", kind: "prune", status: "running", log: [] };
  steps.push(s);
  await Promise.all(
    nodes.map(async (node) => {
      try {
        const removed = await pruneCertificateBackups(node, path);
        s.log.push(
          removed.length > 0
            ? `${node.name}: removed ${removed.join(", ")} (the newest ${CERTIFICATE_BACKUPS_KEPT} kept)`
            : `${node.name}: no backups beyond the newest ${CERTIFICATE_BACKUPS_KEPT}`,
        );
      } catch (error) {
        s.log.push(`${node.name}: backups not pruned: ${errorMessage(error)}`);
      }
    }),
  );
  s.status = "done";
  await save();
}
