/** The certificate job's steps over fake nodes: order, a refusal (aborted, key never in the error), an unreachable node. */
import { describe, expect, it } from "vitest";
import type { CertificateJobStep } from "@/lib/certificates/types";
import type { CertificateNode } from "./node";
import { runCertificateSteps } from "./run-job";

const SHA1 = "A".repeat(40);
const PEM =
  "-----BEGIN CERTIFICATE-----\nCERT\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nSECRETKEYBODY\n-----END PRIVATE KEY-----\n";

function fakeNode(name: string, replies: { set?: string; held?: string } = {}) {
  const calls: string[] = [];
  const node: CertificateNode = {
    name,
    stat: () => Promise.resolve({ mode: 0o644, uid: 0, gid: 107 }),
    copy: (from, to) => Promise.resolve(void calls.push(`copy ${from} ${to}`)),
    write: (path, _text, mode) => Promise.resolve(void calls.push(`write ${path} ${mode.toString(8)}`)),
    chown: (path, uid, gid) => Promise.resolve(void calls.push(`chown ${path} ${uid}:${gid}`)),
    readFile: () => Promise.resolve(null),
    runtime: (command) => {
      calls.push(command.split("\n")[0] ?? "");
      if (command.startsWith("set ssl cert"))
        return Promise.resolve(replies.set ?? "Transaction created for certificate /c.pem!\n");
      if (command.startsWith("commit")) return Promise.resolve("Committing /c.pem\nSuccess!\n");
      if (command.startsWith("show ssl cert"))
        return Promise.resolve(`Filename: /c.pem\nSHA1 FingerPrint: ${replies.held ?? SHA1}\n`);
      return Promise.resolve("");
    },
  };
  return { node, calls };
}

const plan = { path: "/c.pem", pem: PEM, sha1: SHA1, jobId: 7 };
const saved: CertificateJobStep[][] = [];
const save = (steps: CertificateJobStep[]) => Promise.resolve(void saved.push(structuredClone(steps)));

describe("runCertificateSteps", () => {
  it("writes both files (backup first, mode at most 0640, owner kept) before any runtime commit", async () => {
    const a = fakeNode("lb-01");
    const b = fakeNode("lb-02");
    const result = await runCertificateSteps([a.node, b.node], {}, plan, save);
    expect(result.ok).toBe(true);
    expect(a.calls).toEqual([
      "copy /c.pem /c.pem.hapair-cert-7",
      "write /c.pem 640",
      "chown /c.pem 0:107",
      "set ssl cert /c.pem <<",
      "commit ssl cert /c.pem",
      "show ssl cert /c.pem",
    ]);
    expect(result.steps.map((s) => `${s.node} ${s.kind} ${s.status}`)).toEqual([
      "lb-01 file done",
      "lb-02 file done",
      "lb-01 runtime done",
      "lb-02 runtime done",
    ]);
  });

  it("aborts a refused transaction and fails the job without the key in the error", async () => {
    const a = fakeNode("lb-01", { set: "unable to load the private key SECRETKEYBODY\n" });
    const b = fakeNode("lb-02");
    const result = await runCertificateSteps([a.node, b.node], {}, plan, save);
    expect(result.ok).toBe(false);
    expect(a.calls).toContain("abort ssl cert /c.pem");
    expect(result.error).toMatch(/set ssl cert on lb-01/);
    // The node's own words are shown (capped), but the PEM the job sent never is.
    expect(JSON.stringify(result.steps)).not.toContain("BEGIN PRIVATE KEY");
  });

  it("fails when a node holds another certificate after the commit", async () => {
    const result = await runCertificateSteps(
      [fakeNode("lb-01", { held: "B".repeat(40) }).node],
      {},
      plan,
      save,
    );
    expect(result.error).toMatch(/holds B{40} after the commit/);
  });

  it("touches nothing when a node cannot be reached", async () => {
    const a = fakeNode("lb-01");
    const result = await runCertificateSteps(
      [a.node],
      { "lb-02": "no SSH key configured for this node" },
      plan,
      save,
    );
    expect(result.ok).toBe(false);
    expect(a.calls).toEqual([]);
    expect(result.steps.find((s) => s.node === "lb-02" && s.kind === "file")?.status).toBe("failed");
  });

  it("leaves a file HAProxy does not load yet to the next reload", async () => {
    const a = fakeNode("lb-01", {
      set: "Can't replace a certificate which is not referenced by the configuration!\n",
    });
    const result = await runCertificateSteps([a.node], {}, plan, save);
    expect(result.ok).toBe(true);
    expect(result.steps[1]?.log).toEqual(["HAProxy does not load this file yet: the next reload reads it"]);
  });
});
