/**
 * Runs one certificate job: the file on every node first (so a failover mid-job finds it, and a later
 * reload keeps it), then the runtime API on every node (no reload), then what each HAProxy holds is
 * read back and compared with the intended certificate. When any of it fails, every node the job
 * touched gets back what it had (file, and HAProxy's memory where the commit went through), so the
 * pair never stays split between two certificates. Old backups are pruned at the end. Steps are
 * written to the job row as they go.
 */
import { certificateMetadata, leafOf } from "@/lib/certificates/bundle";
import type { CertificateJobStep } from "@/lib/certificates/types";
import type { Database } from "@/lib/db/client";
import { deadline } from "@/lib/deadline";
import { errorMessage } from "@/lib/error-message";
import type { SshPool } from "@/lib/ssh";
import { revealCertificatePem, writeCertificateJob } from "@/lib/store/certificates";
import { latestDefinitions } from "@/lib/store/revisions";
import type { CertificateJob } from "@/generated/prisma/client";
import { nodeTargetOrReason } from "../runtime/node-target";
import { runAdoption } from "./adopt";
import {
  CERTIFICATE_BACKUPS_KEPT,
  commitCertificate,
  installCertificateFile,
  pruneCertificateBackups,
  restoreCertificateFile,
  SshCertificateNode,
  type CertificateNode,
  type Replaced,
} from "./node";

/** A job on two nodes is a handful of small commands; past this it is failed, not left running. */
export const JOB_TIMEOUT_MS = 60_000;

export interface JobPlan {
  path: string;
  pem: string;
  /** SHA-1 of the leaf, as HAProxy's `show ssl cert` prints it. */
  sha1: string;
  jobId: number;
}

type Step = CertificateJobStep;

/** The file step on every node, then the runtime step; each kind runs on the nodes at once. */
async function forward(
  nodes: CertificateNode[],
  plan: JobPlan,
  step: (node: string, kind: string) => Step | undefined,
  touched: Map<CertificateNode, { replaced: Replaced; committed: boolean }>,
  save: () => Promise<void>,
): Promise<string | null> {
  for (const kind of ["file", "runtime"] as const) {
    const running = nodes.map((n) => step(n.name, kind));
    for (const s of running) if (s) s.status = "running";
    await save();
    const results = await Promise.allSettled(
      nodes.map(async (node) => {
        const s = step(node.name, kind);
        if (!s) return;
        if (kind === "file")
          s.log.push(
            ...(await installCertificateFile(node, plan.path, plan.pem, plan.jobId, (replaced) =>
              touched.set(node, { replaced, committed: false }),
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
      const s = running[i];
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

/** The steps over nodes that could be reached (`unreachable`: node → why not). */
export async function runCertificateSteps(
  nodes: CertificateNode[],
  unreachable: Record<string, string>,
  plan: JobPlan,
  save: (steps: CertificateJobStep[]) => Promise<void>,
): Promise<{ ok: boolean; steps: CertificateJobStep[]; error: string | null }> {
  const names = [...nodes.map((n) => n.name), ...Object.keys(unreachable)];
  const steps: Step[] = [
    ...names.map((node) => ({ node, kind: "file", status: "pending" as const, log: [] })),
    ...names.map((node) => ({ node, kind: "runtime", status: "pending" as const, log: [] })),
  ];
  const step = (node: string, kind: string) => steps.find((s) => s.node === node && s.kind === kind);
  const saveSteps = () => save(steps);
  for (const [node, reason] of Object.entries(unreachable)) {
    const s = step(node, "file");
    if (s) Object.assign(s, { status: "failed", error: `${node}: ${reason}` });
    for (const other of steps) if (other.status === "pending") other.status = "skipped";
    await saveSteps();
    return { ok: false, steps, error: `${node}: ${reason}` };
  }
  const touched = new Map<CertificateNode, { replaced: Replaced; committed: boolean }>();
  const error = await forward(nodes, plan, step, touched, saveSteps);
  if (error) {
    for (const other of steps) if (other.status === "pending") other.status = "skipped";
    await restore(nodes, touched, plan.path, steps, saveSteps);
  }
  await prune(nodes, plan.path, steps, saveSteps);
  return { ok: error === null, steps, error };
}

/** Every node the job wrote to gets back what it held, each node on its own (one failing does not stop the other). */
async function restore(
  nodes: CertificateNode[],
  touched: Map<CertificateNode, { replaced: Replaced; committed: boolean }>,
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
async function prune(
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

export async function executeCertificateJob(
  db: Database,
  pool: SshPool,
  job: CertificateJob,
  signal?: AbortSignal,
): Promise<boolean> {
  const save = (steps: CertificateJobStep[]) => writeCertificateJob(db, job.id, { steps });
  const finish = async (ok: boolean, steps: CertificateJobStep[], error: string | null) => {
    await writeCertificateJob(db, job.id, { steps, status: ok ? "succeeded" : "failed", error });
    return ok;
  };
  const cluster = (await latestDefinitions(db)).find((c) => c.clusterId === job.clusterId);
  if (!cluster) return finish(false, [], "the cluster has no definition");
  const pins = new Map(
    (await db.node.findMany({ where: { clusterId: job.clusterId } })).map((n) => [
      n.name,
      n.hostKeyFingerprint,
    ]),
  );
  const { signal: jobSignal, release } = deadline(JOB_TIMEOUT_MS, signal);
  const nodes: CertificateNode[] = [];
  const unreachable: Record<string, string> = {};
  for (const node of cluster.definition.nodes) {
    const target = nodeTargetOrReason(cluster.nodeIds[node.name], node, pins.get(node.name) ?? null);
    if (typeof target === "string") unreachable[node.name] = target;
    else
      nodes.push(
        new SshCertificateNode(
          pool,
          node.name,
          target,
          cluster.definition.haproxy.global.statsSocket.path,
          jobSignal,
        ),
      );
  }
  try {
    if (job.kind === "adopt") {
      const steps = await runAdoption(db, job.clusterId, cluster.definition, nodes, job.requestedBy, save);
      for (const [node, reason] of Object.entries(unreachable))
        steps.push({ node, kind: "adopt", status: "skipped", log: [], error: `${node}: ${reason}` });
      return await finish(true, steps, null);
    }
    const row = await db.certificate.findFirst({ where: { clusterId: job.clusterId, name: job.name } });
    if (!row) return await finish(false, [], "the certificate was removed");
    const leaf = leafOf(row.chainPem);
    if (!leaf) return await finish(false, [], "the stored certificate is unreadable");
    let pem: string;
    try {
      pem = revealCertificatePem(row);
    } catch (error) {
      return await finish(false, [], `the private key cannot be opened: ${errorMessage(error)}`);
    }
    const result = await runCertificateSteps(
      nodes,
      unreachable,
      { path: row.path, pem, sha1: certificateMetadata(leaf).sha1, jobId: job.id },
      save,
    );
    return await finish(result.ok, result.steps, result.error);
  } finally {
    release();
  }
}
