/**
 * Certificates on the real lab pair (HAPAIR_TEST_PAIR): an upload reaches both nodes (what each
 * HAProxy holds, and the handshake through the VIP), and a replacement under the rollout benchmark's
 * load through the VIP fails no request and reloads nothing; the served check then alerts on a node
 * whose file was replaced by hand, and on a certificate within its warning days. The pair's original
 * file is put back.
 */
import { describe, expect, it } from "vitest";
import { loadThroughVip } from "@/e2e/lab/load";
import { certificatesLab } from "./certificates-lab";
import {
  CERT_PATH,
  heldSha1,
  makeCertificate,
  readCertFile,
  reloadCounters,
  steadyVip,
  replaceByHand,
  servedThroughVip,
} from "./certificates-support";

const NAME = "site.lab.test";
const lab = certificatesLab("lab-certificates");
const { pair, nodes: NODES, pool } = lab;

/** Stores the bundle and runs its distribution job here (the agents' code, this process). */
async function upload(pem: string) {
  const { saveCertificateBundle } = await import("@/lib/store/certificates");
  const { claimCertificateJob, getCertificateJob } = await import("@/lib/store/certificate-jobs");
  const { executeCertificateJob } = await import("@/agents/certificates/run-job");
  const saved = await saveCertificateBundle(
    lab.db,
    lab.clusterId,
    { name: "site", pem, path: CERT_PATH },
    "lab-test",
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
  const job = await claimCertificateJob(lab.db);
  if (!job || job.id !== saved.jobId) throw new Error("the job was not claimed");
  const started = Date.now();
  await executeCertificateJob(lab.db, pool, job);
  const view = await getCertificateJob(lab.db, job.id);
  console.log(
    `[certificates] job ${job.id} ${view?.status} in ${Date.now() - started} ms: ${view?.steps.map((s) => `${s.node} ${s.kind} ${s.status}${s.error ? ` (${s.error})` : ""}`).join("; ")}`,
  );
  return view;
}

/** The served check, then the alert rules over this cluster, as the agents run them. */
async function certificateConditions() {
  const { checkServedCertificates } = await import("@/agents/certificates/served");
  const { alertInput, clusterSubjects } = await import("@/lib/store/alert-inputs");
  const { evaluateRules } = await import("@/lib/alerts/rules");
  expect(await checkServedCertificates(lab.db, pool, { clusterId: lab.clusterId })).toBe(1);
  const subjects = await clusterSubjects(lab.db);
  const cluster = subjects.find((c) => c.clusterId === lab.clusterId);
  if (!cluster) throw new Error("no subject for the cluster");
  return evaluateRules(await alertInput(lab.db, cluster, subjects, Date.now())).filter((c) =>
    c.rule.startsWith("certificate-"),
  );
}

describe(`certificates on ${pair.name}`, () => {
  it("an upload reaches both nodes: each HAProxy holds it and the VIP serves it, no reload", async () => {
    const before = NODES.map(reloadCounters);
    const cert = makeCertificate(NAME, 90);
    const job = await upload(cert.pem);
    expect(job?.status).toBe("succeeded");
    for (const node of NODES) expect(heldSha1(node), node).toBe(cert.sha1);
    expect(await servedThroughVip(pair.vip, NAME)).toBe(cert.fingerprint);
    const after = NODES.map(reloadCounters);
    console.log(
      `[certificates] reload counters before ${JSON.stringify(before)} after ${JSON.stringify(after)}`,
    );
    expect(after).toEqual(before);
    // The file is updated too (a later reload keeps it), with the lab's mode and owner.
    for (const node of NODES) expect(readCertFile(node)).toContain(cert.pem.split("\n")[1]);
  }, 120_000);

  it("replaced under load through the VIP: no failed request, no reload, both serve the new one", async () => {
    await steadyVip(pair);
    const before = NODES.map(reloadCounters);
    const next = makeCertificate(NAME, 60);
    const load = loadThroughVip(pair.name, { rate: 100, total: 1500 });
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const job = await upload(next.pem);
    const report = await load.report;
    const after = NODES.map(reloadCounters);
    console.log(
      `[certificates] under load: sent ${report.sent}, ok ${report.ok}, failed ${report.failed} (${JSON.stringify(report.byError)}), p99 ${report.p99Ms} ms; reload counters before ${JSON.stringify(before)} after ${JSON.stringify(after)}`,
    );
    expect(job?.status).toBe("succeeded");
    expect(report.failed).toBe(0);
    expect(report.sent).toBe(1500);
    expect(after).toEqual(before);
    for (const node of NODES) expect(heldSha1(node), node).toBe(next.sha1);
    expect(await servedThroughVip(pair.vip, NAME)).toBe(next.fingerprint);
  }, 180_000);

  it("a node whose file was replaced by hand with another certificate alerts as serving a different one", async () => {
    expect(await certificateConditions()).toEqual([]);
    const [, backup] = NODES;
    if (!backup) throw new Error("the pair has no second node");
    await replaceByHand(pool, backup, makeCertificate("other.lab.test", 90).pem);
    const conditions = await certificateConditions();
    console.log(
      `[certificates] after the hand replacement on ${backup}: ${conditions.map((c) => c.summary).join(" | ")}`,
    );
    expect(conditions.map((c) => c.key).sort()).toEqual([`site:${backup}:file`, `site:${backup}:runtime`]);
    expect(conditions[0]?.summary).toContain(`${backup} serves a different certificate for site`);
  }, 120_000);

  it("a certificate within its warning days alerts (7 days: critical)", async () => {
    const expiring = makeCertificate(NAME, 5);
    expect((await upload(expiring.pem))?.status).toBe("succeeded");
    const conditions = await certificateConditions();
    console.log(
      `[certificates] expiring: ${conditions.map((c) => `${c.key} ${c.severity}: ${c.summary}`).join(" | ")}`,
    );
    expect(conditions.map((c) => [c.rule, c.key, c.severity])).toEqual([
      ["certificate-expiry", "site:7d", "critical"],
    ]);
    expect(await servedThroughVip(pair.vip, NAME)).toBe(expiring.fingerprint);
  }, 120_000);
});
