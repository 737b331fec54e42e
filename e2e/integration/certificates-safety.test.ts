/**
 * Certificate safety on the real lab pair (HAPAIR_TEST_PAIR): adopting the pair's own certificate at
 * import (a missing file is a field-level warning), a job whose second node fails mid-job puts the
 * first node's file and HAProxy's certificate back, old job backups are pruned, and a certificate
 * file the rollout preflight writes is mode 0600 on the node. The pair's original file is put back.
 */
import { describe, expect, it } from "vitest";
import { labExec, requireInventory } from "@/e2e/lab/control";
import { labPairDefinition } from "@/e2e/lab/register";
import { leafOf } from "@/lib/certificates/bundle";
import { SshCertificateNode, CERTIFICATE_BACKUPS_KEPT } from "@/agents/certificates/node";
import { SshNodeOps } from "@/agents/runtime/node-ops";
import { certificatesLab } from "./certificates-lab";
import { CERT_PATH, heldSha1, makeCertificate, readCertFile } from "./certificates-support";
import { labTarget } from "./lab-targets";

const MISSING = "/etc/haproxy/certs/hapair-test-missing.pem";
const PREFLIGHT = "/etc/haproxy/certs/hapair-test-preflight.pem";
const lab = certificatesLab("lab-certificates-safety", {
  // The pair as imported, with one more bind naming a file no node has.
  definition: (definition) => {
    definition.haproxy.frontends[0]?.binds.push({
      address: "*",
      port: 8443,
      tls: { certificate: MISSING, alpn: [] },
    });
  },
  extraFiles: [PREFLIGHT],
});
const { pair, nodes: NODES, pool } = lab;

const backups = (node: string) =>
  labExec(node, ["sh", "-c", `ls ${CERT_PATH}.hapair-cert-* 2>/dev/null || true`])
    .stdout.split("\n")
    .filter((l) => l !== "");

async function runQueuedJob() {
  const { claimCertificateJob, getCertificateJob } = await import("@/lib/store/certificate-jobs");
  const { executeCertificateJob } = await import("@/agents/certificates/run-job");
  const job = await claimCertificateJob(lab.db);
  if (!job) throw new Error("no job claimed");
  await executeCertificateJob(lab.db, pool, job);
  return getCertificateJob(lab.db, job.id);
}

/** A real lab node whose first commit (the job's) is refused: the second node "failing mid-job". */
class FailingCommitNode extends SshCertificateNode {
  private refused = false;
  override runtime(command: string, shownAs?: string) {
    if (command.startsWith("commit ssl cert") && !this.refused) {
      this.refused = true;
      return Promise.resolve("Committing file\nerror: the test refuses this commit\n");
    }
    return super.runtime(command, shownAs);
  }
}

function certificateNode(name: string, failing = false) {
  const args = [pool, name, labTarget(name), "/run/haproxy/admin.sock", AbortSignal.timeout(60_000)] as const;
  return failing ? new FailingCommitNode(...args) : new SshCertificateNode(...args);
}

describe(`certificate safety on ${pair.name}`, () => {
  it("an imported pair's certificate is adopted from a node; a missing file is a field-level warning", async () => {
    const { requestCertificateAdoption, listCertificates } = await import("@/lib/store/certificates");
    expect(await requestCertificateAdoption(lab.db, lab.clusterId, "lab-import")).not.toBeNull();
    const job = await runQueuedJob();
    console.log(`[certificates-safety] adopt: ${JSON.stringify(job?.steps.map((s) => s.log))}`);
    expect(job?.status).toBe("succeeded");
    const held = await listCertificates(lab.db, lab.clusterId);
    const leaf = leafOf(lab.originals.get(NODES[0] ?? "") ?? "");
    expect(held?.map((c) => [c.name, c.path, c.source, c.fingerprint])).toEqual([
      ["site", CERT_PATH, "import", leaf?.fingerprint256],
    ]);
    const warnings = job?.steps.flatMap((s) => s.log.filter((l) => l.startsWith("warning: "))) ?? [];
    expect(warnings).toEqual([
      `warning: haproxy.frontends.0.binds.2.tls.certificate: ${MISSING}: no such file on ${NODES.join(", no such file on ")}; not adopted`,
    ]);
  }, 120_000);

  it("the second node's commit failing puts the first node's file and HAProxy's certificate back", async () => {
    const { runCertificateSteps } = await import("@/agents/certificates/run-job");
    const [first, second] = NODES;
    if (!first || !second) throw new Error("the pair has no two nodes");
    const sha1Before = heldSha1(first);
    const fileBefore = readCertFile(first);
    const modeBefore = labExec(first, ["stat", "-c", "%a %u:%g", CERT_PATH]).stdout.trim();
    const cert = makeCertificate("site.lab.test", 30);
    const result = await runCertificateSteps(
      [certificateNode(first), certificateNode(second, true)],
      {},
      { path: CERT_PATH, pem: cert.pem, sha1: cert.sha1, jobId: 990001 },
      () => Promise.resolve(),
    );
    console.log(
      `[certificates-safety] failed mid-job: ${result.steps.map((s) => `${s.node} ${s.kind} ${s.status}${s.error ? ` (${s.error})` : ""} ${s.log.join(" / ")}`).join("; ")}`,
    );
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(new RegExp(`commit ssl cert on ${second}`));
    expect(result.steps.filter((s) => s.kind === "restore").map((s) => `${s.node} ${s.status}`)).toEqual([
      `${first} done`,
      `${second} done`,
    ]);
    for (const node of NODES) {
      expect(readCertFile(node), node).toBe(node === first ? fileBefore : lab.originals.get(node));
      expect(heldSha1(node), node).toBe(sha1Before);
    }
    expect(labExec(first, ["stat", "-c", "%a %u:%g", CERT_PATH]).stdout.trim()).toBe(modeBefore);
  }, 120_000);

  it(`job backups beyond the newest ${CERTIFICATE_BACKUPS_KEPT} are removed from each node`, async () => {
    const { saveCertificateBundle } = await import("@/lib/store/certificates");
    for (let i = 0; i < CERTIFICATE_BACKUPS_KEPT + 1; i++) {
      const saved = await saveCertificateBundle(
        lab.db,
        lab.clusterId,
        { name: "site", pem: makeCertificate("site.lab.test", 60 + i).pem, path: CERT_PATH },
        "lab-test",
      );
      if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
      expect((await runQueuedJob())?.status).toBe("succeeded");
    }
    for (const node of NODES) {
      const left = backups(node);
      console.log(`[certificates-safety] ${node} keeps ${left.join(", ")}`);
      // The failed test job's backup (990001) is the newest number, so it stays with the two newest.
      expect(left, node).toHaveLength(CERTIFICATE_BACKUPS_KEPT);
    }
  }, 180_000);

  it("a certificate file the rollout preflight writes is mode 0600 on the node, also over a wider old file", async () => {
    const [first] = NODES;
    if (!first) throw new Error("no node");
    const definition = labPairDefinition(requireInventory(), pair);
    const ops = new SshNodeOps(pool, first, labTarget(first), definition, AbortSignal.timeout(30_000));
    labExec(first, ["sh", "-c", `echo old > ${PREFLIGHT} && chmod 0644 ${PREFLIGHT}`]);
    // The preflight's write (agents/rollouts/check-steps.ts installCertificates): the same call, mode and all.
    await ops.upload(PREFLIGHT, makeCertificate("preflight.lab.test", 30).pem, 0o600);
    expect(labExec(first, ["stat", "-c", "%a %U", PREFLIGHT]).stdout.trim()).toBe("600 root");
  }, 60_000);
});
