/**
 * ACME on the real lab pair (HAPAIR_TEST_PAIR) against pebble (e2e/lab/acme-server.ts, in the gateway
 * namespace, every name resolving to the pair's VIP): a revision with an `acme` section rolled out
 * (the challenge rule on the port-80 frontend, the empty map created), a certificate issued over
 * HTTP-01 through the VIP, renewed when the renewal window opens, and issued again while the VIP
 * moves to the peer between publishing the answers and the CA's check. The pair's files are written
 * back at the end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { X509Certificate } from "node:crypto";
import { adminSocket, labExec, requireInventory, testPair, vipHolders, waitFor } from "@/e2e/lab/control";
import { startAcmeServer, type AcmeServer } from "@/e2e/lab/acme-server";
import { run } from "@/e2e/lab/sh";
import { executeAcmeJob } from "@/agents/acme/execute";
import { acmeContext, jobView } from "@/agents/acme/context";
import { runNextAcmeJob, scheduleAcmeJobs } from "@/agents/acme/service";
import { executeCertificateJob } from "@/agents/certificates/run-job";
import { getAcmeJob, nextAcmeJob } from "@/lib/store/acme-jobs";
import { claimCertificateJob } from "@/lib/store/certificate-jobs";
import {
  CERT_PATH,
  heldSha1,
  readCertFile,
  reloadCounters,
  restoreCertFile,
  servedThroughVip,
} from "./certificates-support";
import { describeRollout, useRolloutLab } from "./rollout-support";

const lab = useRolloutLab("acme");
const pair = testPair();
const [master, backup] = pair.nodes.map((n) => n.name) as [string, string];
const MAP = "/etc/haproxy/acme-challenges.map";
const DOMAIN = `www.${pair.name}.hapair.test`;
let server: AcmeServer;
/** The pair's own certificate files (the ACME one replaces the one its VIP serves), put back at the end. */
const original = new Map<string, string>();

beforeAll(async () => {
  for (const node of [master, backup]) original.set(node, readCertFile(node));
  const pairIndex = requireInventory().pairs.findIndex((p) => p.name === pair.name) + 1;
  server = await startAcmeServer({ pairIndex, resolveTo: pair.vip });
  const revision = await lab().saveRevision(
    (d) => ({
      ...d,
      acme: {
        directoryUrl: server.directoryUrl,
        caPem: server.tlsCaPem,
        challengeMap: MAP,
        renewBeforeDays: 30,
        certificates: [{ name: "acme-web", domains: [DOMAIN], path: CERT_PATH }],
      },
    }),
    "ACME for the lab's name",
  );
  const rollout = await lab().rollOut(revision, "graceful");
  expect(rollout.status, describeRollout(rollout)).toBe("succeeded");
}, 180_000);

afterAll(async () => {
  await server?.stop();
  for (const [node, text] of original) await restoreCertFile(lab().pool, node, text);
  for (const node of [master, backup]) {
    labExec(node, ["/usr/local/sbin/systemctl", "start", "keepalived"]);
    labExec(node, ["rm", "-f", MAP]);
  }
}, 60_000);

/** What the CA's request would get: plain HTTP to the VIP on port 80, from the lab's client. */
function challengeAnswer(token: string): { code: string; body: string } {
  const out = run("ip", [
    "netns", "exec", requireInventory().client.namespace, "curl", "-s", "--max-time", "2",
    "-w", "\n%{http_code}", `http://${pair.vip}/.well-known/acme-challenge/${token}`,
  ]); // prettier-ignore
  const lines = out.stdout.split("\n");
  return { code: lines.pop() ?? "", body: lines.join("\n") };
}

/** Runs the distribution job the certificate store queued (the certificate worker does not run here). */
async function distribute(): Promise<void> {
  const job = await claimCertificateJob(lab().db);
  if (!job) throw new Error("no distribution job queued");
  expect(await executeCertificateJob(lab().db, lab().pool, job)).toBe(true);
}

/** Both nodes hold the stored certificate in HAProxy's memory and the VIP serves it for the name; no reload. */
async function servedEverywhere(fingerprint: string, before: Record<string, number>): Promise<void> {
  const sha1 = new X509Certificate((await storedCertificate("acme-web")).chainPem).fingerprint.replaceAll(
    ":",
    "",
  );
  for (const node of [master, backup]) {
    expect(heldSha1(node)).toBe(sha1);
    expect(reloadCounters(node).reloads).toBe(before[node]);
  }
  expect(await servedThroughVip(pair.vip, DOMAIN)).toBe(fingerprint);
}

const reloads = () => Object.fromEntries([master, backup].map((n) => [n, reloadCounters(n).reloads]));

async function storedCertificate(name: string) {
  const row = await lab().db.certificate.findFirst({ where: { clusterId: lab().clusterId, name } });
  if (!row) throw new Error(`no certificate ${name} stored`);
  return row;
}

describe("ACME issuance and renewal against pebble", () => {
  it("rolled out the challenge rule; an unknown token is not answered", () => {
    for (const node of [master, backup]) {
      expect(labExec(node, ["cat", "/etc/haproxy/haproxy.cfg"]).stdout).toContain(`map(${MAP})`);
      expect(labExec(node, ["test", "-f", MAP]).code).toBe(0);
    }
    expect(challengeAnswer("no-such-token-AAAAAAAAAAAAAAAAAAAA").code).not.toBe("200");
  });

  it("issues a certificate for a name resolving to the VIP; the answers are gone afterwards", async () => {
    const started = Date.now();
    const before = reloads();
    expect(await scheduleAcmeJobs(lab().db, new Date())).toHaveLength(1);
    const result = await runNextAcmeJob(lab().db, lab().pool, new AbortController().signal);
    const job = result ? await getAcmeJob(lab().db, result.id) : null;
    expect(result?.outcome, JSON.stringify(job?.steps, null, 1)).toBe("succeeded");
    console.log(`[figure] ACME issuance against pebble: ${Date.now() - started} ms`);
    const row = await storedCertificate("acme-web");
    expect(row.source).toBe("acme");
    expect(row.path).toBe(CERT_PATH);
    const x509 = new X509Certificate(row.chainPem);
    expect(x509.subjectAltName).toContain(`DNS:${DOMAIN}`);
    expect(x509.issuer).toMatch(/Pebble/);
    // The key is sealed, the job's data holds it sealed too.
    expect(row.keySealed).toMatch(/^v1:/);
    expect(JSON.stringify(job?.data)).not.toMatch(/PRIVATE KEY/);
    for (const node of [master, backup]) expect(adminSocket(node, `show map ${MAP}`).trim()).toBe("");
    // Not due again until the renewal window opens.
    expect(await scheduleAcmeJobs(lab().db, new Date())).toEqual([]);
    await distribute();
    await servedEverywhere(row.fingerprint, before);
    console.log(`[figure] issued and served by both nodes (no reload): ${Date.now() - started} ms`);
  }, 180_000);

  it("renews when notAfter is within renewBeforeDays, with a new certificate and key", async () => {
    const before = await storedCertificate("acme-web");
    const counters = reloads();
    const windowOpen = new Date(before.notAfter.getTime() - 29 * 86_400_000);
    expect(await scheduleAcmeJobs(lab().db, new Date(windowOpen.getTime() - 2 * 86_400_000))).toEqual([]);
    const ids = await scheduleAcmeJobs(lab().db, windowOpen);
    expect(ids).toHaveLength(1);
    expect((await getAcmeJob(lab().db, ids[0] ?? 0))?.reason).toBe("renew");
    const result = await runNextAcmeJob(lab().db, lab().pool, new AbortController().signal);
    expect(result?.outcome).toBe("succeeded");
    const after = await storedCertificate("acme-web");
    expect(after.fingerprint).not.toBe(before.fingerprint);
    expect(after.keySealed).not.toBe(before.keySealed);
    await distribute();
    await servedEverywhere(after.fingerprint, counters);
  }, 180_000);

  it("completes when the VIP moves to the peer (keepalived stopped on the holder) after the answers are published", async () => {
    const [holder] = vipHolders(pair);
    expect(holder).toBe(master);
    const now = await storedCertificate("acme-web");
    const ids = await scheduleAcmeJobs(lab().db, new Date(now.notAfter.getTime() - 86_400_000));
    expect(ids).toHaveLength(1);
    const row = await nextAcmeJob(lab().db);
    if (!row) throw new Error("no job");
    const signal = new AbortController().signal;
    const env = await acmeContext(lab().db, lab().pool, row, signal);
    const respond = env.ca.respond.bind(env.ca);
    let movedMs = 0;
    let answeredOnPeer: { code: string; body: string } | null = null;
    env.ca.respond = async (challenge) => {
      if (movedMs === 0) {
        const t0 = Date.now();
        labExec(master, ["/usr/local/sbin/systemctl", "stop", "keepalived"]);
        await waitFor(`the VIP on ${backup}`, () => vipHolders(pair).join() === backup, 30_000, 100);
        movedMs = Date.now() - t0;
        answeredOnPeer = challengeAnswer(challenge.token);
      }
      return respond(challenge);
    };
    const outcome = await executeAcmeJob(env, jobView(row), signal);
    const job = await getAcmeJob(lab().db, row.id);
    expect(outcome, JSON.stringify(job?.steps, null, 1)).toBe("succeeded");
    console.log(`[figure] VIP moved to ${backup} in ${movedMs} ms mid-issuance; issuance completed`);
    expect(answeredOnPeer).toMatchObject({ code: "200" });
    expect((await storedCertificate("acme-web")).fingerprint).not.toBe(now.fingerprint);
    for (const node of [master, backup]) expect(adminSocket(node, `show map ${MAP}`).trim()).toBe("");
    labExec(master, ["/usr/local/sbin/systemctl", "start", "keepalived"]);
    await waitFor(`the VIP back on ${master}`, () => vipHolders(pair).join() === master, 30_000, 200);
  }, 180_000);
});
