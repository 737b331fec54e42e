/**
 * An adopt job: each `crt` path the cluster's binds name that hapair does not hold yet is read from a
 * node (the first that has it; a folder: each .pem in it, capped) through lib/ssh, bounded in bytes,
 * and stored as a held certificate (source "import") without a distribution (the nodes already have
 * it). A file that is missing, too large or no valid bundle is a field-level warning in the job's
 * steps, never a failed job.
 */
import {
  adoptedName,
  bindCertificatePaths,
  MAX_ADOPTED_PER_FOLDER,
  pemFilesOf,
} from "@/lib/certificates/adopt";
import type { CertificateJobStep } from "@/lib/certificates/types";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import { saveCertificateBundle } from "@/lib/store/certificates";
import type { CertificateNode } from "./node";

/** The file's text from the first node that has it, or why none could give it. */
async function readFromNodes(
  nodes: CertificateNode[],
  path: string,
): Promise<{ text: string; node: string } | { why: string }> {
  const why: string[] = [];
  for (const node of nodes) {
    try {
      const text = await node.readFile(path);
      if (text !== null) return { text, node: node.name };
      why.push(`no such file on ${node.name}`);
    } catch (error) {
      why.push(`cannot be read on ${node.name} (${errorMessage(error).slice(0, 200)})`);
    }
  }
  return { why: `${path}: ${why.join(", ") || "no node to read it from"}` };
}

/** The files a `crt` path stands for: itself, or the .pem files of the folder it names (on the first node that answers). */
async function filesOf(nodes: CertificateNode[], path: string): Promise<{ files: string[]; log: string[] }> {
  for (const node of nodes) {
    let listed: string[] | null;
    try {
      listed = await node.listFolder(path);
    } catch {
      continue;
    }
    if (listed === null) return { files: [path], log: [] };
    const files = pemFilesOf(path, listed.join("\n"));
    return {
      files,
      log: [
        `${path} is a folder on ${node.name}: ${files.length} .pem file(s)${files.length === MAX_ADOPTED_PER_FOLDER ? ` (at most ${MAX_ADOPTED_PER_FOLDER} read)` : ""}`,
      ],
    };
  }
  return { files: [path], log: [] };
}

export async function runAdoption(
  db: Database,
  clusterId: string,
  definition: ClusterDefinition,
  nodes: CertificateNode[],
  actor: string,
  save: (steps: CertificateJobStep[]) => Promise<void>,
): Promise<CertificateJobStep[]> {
  const held = await db.certificate.findMany({ where: { clusterId }, select: { name: true, path: true } });
  const heldPaths = new Set(held.map((h) => h.path));
  const names = new Set(held.map((h) => h.name));
  const steps: CertificateJobStep[] = [];
  for (const { path, field } of bindCertificatePaths(definition)) {
    const step: CertificateJobStep = { node: "both", kind: "adopt", status: "running", log: [] };
    steps.push(step);
    const warn = (message: string) => step.log.push(`warning: ${field}: ${message}`);
    const { files, log } = await filesOf(nodes, path);
    step.log.push(...log);
    for (const file of files) {
      if (heldPaths.has(file)) {
        step.log.push(`${file}: already held by hapair`);
        continue;
      }
      const read = await readFromNodes(nodes, file);
      if ("why" in read) {
        warn(`${read.why}; not adopted`);
        continue;
      }
      const name = adoptedName(file, names);
      const saved = await saveCertificateBundle(
        db,
        clusterId,
        { name, pem: read.text, path: file, distribute: false, source: "import" },
        actor,
      );
      if (!saved.ok) {
        warn(
          `${file} from ${read.node} is not a usable bundle (${saved.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}); not adopted`,
        );
        continue;
      }
      names.add(name);
      heldPaths.add(file);
      step.log.push(
        `${file}: adopted from ${read.node} as certificate "${name}" (${saved.certificate.subject}, until ${saved.certificate.notAfter})`,
      );
    }
    step.status = "done";
    await save(steps);
  }
  if (steps.length === 0) {
    steps.push({ node: "both", kind: "adopt", status: "done", log: ["no bind names a certificate file"] });
    await save(steps);
  }
  return steps;
}
