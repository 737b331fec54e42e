/**
 * Runs one certificate job claimed from the store (or taken over from a dead agents process) over
 * the cluster's nodes through lib/ssh: ./steps.ts for a distribution, ./recover.ts after a crash,
 * ./adopt.ts for an adoption. The outcome is written to the job row.
 */
import { certificateMetadata, leafOf } from "@/lib/certificates/bundle";
import type { CertificateJobStep } from "@/lib/certificates/types";
import type { Database } from "@/lib/db/client";
import { deadline } from "@/lib/deadline";
import { errorMessage } from "@/lib/error-message";
import type { SshPool } from "@/lib/ssh";
import { revealCertificatePem } from "@/lib/store/certificates";
import { jobSteps, writeCertificateJob } from "@/lib/store/certificate-jobs";
import { latestDefinitions } from "@/lib/store/revisions";
import type { Certificate, CertificateJob } from "@/generated/prisma/client";
import { nodeTargetOrReason } from "../runtime/node-target";
import { runAdoption } from "./adopt";
import { interruptedNote, recoverCertificateSteps } from "./recover";
import { SshCertificateNode, type CertificateNode } from "./node";
import { runCertificateSteps, type StepsOutcome } from "./steps";

/** Lab tests run the steps over their own nodes. */
export { runCertificateSteps };

/** A job on two nodes is a handful of small commands; past this it is failed, not left running. */
export const JOB_TIMEOUT_MS = 60_000;

/** The stored certificate a job distributes, or why it cannot be (the job fails with that). */
function jobCertificate(row: Certificate | null): { pem: string; sha1: string } | string {
  if (!row) return "the certificate was removed";
  const leaf = leafOf(row.chainPem);
  if (!leaf) return "the stored certificate is unreadable";
  try {
    return { pem: revealCertificatePem(row), sha1: certificateMetadata(leaf).sha1 };
  } catch (error) {
    return `the private key cannot be opened: ${errorMessage(error)}`;
  }
}

/**
 * Runs a claimed job; `recovering`: the job was left running by a dead agents process and this one
 * took it over (agents/certificates/recover.ts decides from the nodes whether it goes on or puts
 * every node back). Answers whether it succeeded.
 */
export async function executeCertificateJob(
  db: Database,
  pool: SshPool,
  job: CertificateJob,
  signal?: AbortSignal,
  recovering = false,
): Promise<boolean> {
  const save = (steps: CertificateJobStep[]) => writeCertificateJob(db, job.id, { steps });
  const earlier = recovering ? jobSteps(job.steps) : [];
  const finish = async (
    status: StepsOutcome["status"],
    steps: CertificateJobStep[],
    error: string | null,
  ) => {
    // The agents are stopping: what was cut off is no outcome. The job stays running, and the next
    // process takes it over and recovers it from the nodes (this one's row is dead once it stops).
    if (signal?.aborted) {
      await writeCertificateJob(db, job.id, { steps });
      return false;
    }
    await writeCertificateJob(db, job.id, { steps, status, error });
    return status === "succeeded";
  };
  const cluster = (await latestDefinitions(db)).find((c) => c.clusterId === job.clusterId);
  if (!cluster) return finish("failed", earlier, "the cluster has no definition");
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
      // Adoption only reads the nodes: after a restart it simply runs again.
      const steps = await runAdoption(db, job.clusterId, cluster.definition, nodes, job.requestedBy, save);
      if (recovering) steps.unshift(interruptedNote("adoption read again from the start"));
      for (const [node, reason] of Object.entries(unreachable))
        steps.push({ node, kind: "adopt", status: "skipped", log: [], error: `${node}: ${reason}` });
      return await finish("succeeded", steps, null);
    }
    const row = await db.certificate.findFirst({ where: { clusterId: job.clusterId, name: job.name } });
    const certificate = jobCertificate(row);
    if (recovering) {
      // Going on is only the change that was asked for while the store still holds that certificate.
      const next =
        typeof certificate !== "string" && row?.fingerprint === job.fingerprint ? certificate : null;
      const result = await recoverCertificateSteps(
        nodes,
        unreachable,
        { path: job.path, jobId: job.id, next },
        earlier,
        save,
      );
      return await finish(result.status, result.steps, result.error);
    }
    if (typeof certificate === "string" || !row) return await finish("failed", [], String(certificate));
    const result = await runCertificateSteps(
      nodes,
      unreachable,
      { path: row.path, jobId: job.id, ...certificate },
      save,
    );
    return await finish(result.status, result.steps, result.error);
  } finally {
    release();
  }
}
