/**
 * The certificate job's steps over fake nodes (a file map and HAProxy's memory each): order, a
 * refusal (aborted, key never in the error), an unreachable node, a node failing mid-job (the other
 * restored, file and memory), and pruned backups.
 */
import { describe, expect, it } from "vitest";
import type { CertificateJobStep } from "@/lib/certificates/types";
import { CERTIFICATE_BACKUPS_KEPT, type CertificateNode } from "./node";
import { runCertificateSteps } from "./steps";

const SHA1 = "A".repeat(40);
const OLD_SHA1 = "0".repeat(40);
const PEM =
  "-----BEGIN CERTIFICATE-----\nCERT\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nSECRETKEYBODY\n-----END PRIVATE KEY-----\n";
const OLD_PEM = "-----BEGIN CERTIFICATE-----\nOLD\n-----END CERTIFICATE-----\n";

interface FakeFile {
  text: string;
  mode: number;
  uid: number;
  gid: number;
}

function fakeNode(
  name: string,
  replies: { set?: string; held?: string; commit?: string; write?: "fail" } = {},
  files = new Map<string, FakeFile>([["/c.pem", { text: OLD_PEM, mode: 0o644, uid: 0, gid: 107 }]]),
) {
  const calls: string[] = [];
  // What HAProxy serves: the committed PEM (the old one to begin with).
  const memory = { pem: OLD_PEM, pending: "" };
  const sha1Of = (pem: string) => (pem === PEM ? (replies.held ?? SHA1) : OLD_SHA1);
  const node: CertificateNode = {
    name,
    stat: (path) => {
      const f = files.get(path);
      return Promise.resolve(f ? { mode: f.mode, uid: f.uid, gid: f.gid } : null);
    },
    copy: (from, to) => {
      calls.push(`copy ${from} ${to}`);
      const f = files.get(from);
      if (f) files.set(to, { ...f });
      return Promise.resolve();
    },
    write: (path, text, mode) => {
      calls.push(`write ${path} ${mode.toString(8)}`);
      if (replies.write === "fail" && text === PEM)
        return Promise.reject(new Error(`cannot write ${path}: No space left on device`));
      files.set(path, { text, mode, uid: 0, gid: 0 });
      return Promise.resolve();
    },
    chown: (path, uid, gid) => {
      calls.push(`chown ${path} ${uid}:${gid}`);
      const f = files.get(path);
      if (f) Object.assign(f, { uid, gid });
      return Promise.resolve();
    },
    readFile: (path) => Promise.resolve(files.get(path)?.text ?? null),
    remove: (path) => {
      calls.push(`rm ${path}`);
      files.delete(path);
      return Promise.resolve();
    },
    listFolder: () => Promise.resolve(null),
    listBackups: (path) =>
      Promise.resolve([...files.keys()].filter((f) => f.startsWith(`${path}.hapair-cert-`))),
    runtime: (command) => {
      calls.push(command.split("\n")[0] ?? "");
      if (command.startsWith("set ssl cert")) {
        memory.pending = command.slice(command.indexOf("\n") + 1).trimEnd() + "\n";
        return Promise.resolve(replies.set ?? "Transaction created for certificate /c.pem!\n");
      }
      if (command.startsWith("commit")) {
        if (replies.commit && memory.pending === PEM) return Promise.resolve(replies.commit);
        memory.pem = memory.pending;
        return Promise.resolve("Committing /c.pem\nSuccess!\n");
      }
      if (command.startsWith("show ssl cert"))
        return Promise.resolve(`Filename: /c.pem\nSHA1 FingerPrint: ${sha1Of(memory.pem)}\n`);
      return Promise.resolve("");
    },
  };
  return { node, calls, files, memory };
}

const plan = { path: "/c.pem", pem: PEM, sha1: SHA1, jobId: 7 };
const saved: CertificateJobStep[][] = [];
const save = (steps: CertificateJobStep[]) => Promise.resolve(void saved.push(structuredClone(steps)));
const summary = (steps: CertificateJobStep[]) => steps.map((s) => `${s.node} ${s.kind} ${s.status}`);

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
    expect(summary(result.steps)).toEqual([
      "lb-01 file done",
      "lb-02 file done",
      "lb-01 runtime done",
      "lb-02 runtime done",
      "both prune done",
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

  it("the second node's commit failing puts the first node's file and HAProxy's memory back", async () => {
    const a = fakeNode("lb-01");
    const b = fakeNode("lb-02", { commit: "Committing /c.pem\nerror: unable to commit\n" });
    const result = await runCertificateSteps([a.node, b.node], {}, plan, save);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/commit ssl cert on lb-02/);
    for (const n of [a, b]) {
      expect(n.files.get("/c.pem")).toEqual({ text: OLD_PEM, mode: 0o644, uid: 0, gid: 107 });
      expect(n.memory.pem).toBe(OLD_PEM);
      // The backup stays for the operator (pruned by later jobs).
      expect(n.files.get("/c.pem.hapair-cert-7")?.text).toBe(OLD_PEM);
    }
    expect(summary(result.steps)).toEqual([
      "lb-01 file done",
      "lb-02 file done",
      "lb-01 runtime done",
      "lb-02 runtime failed",
      "lb-01 restore done",
      "lb-02 restore done",
      "both prune done",
    ]);
  });

  it("the second node's write failing puts the first node's file back (and removes one that was new)", async () => {
    const a = fakeNode("lb-01", {}, new Map());
    const b = fakeNode("lb-02", { write: "fail" });
    const result = await runCertificateSteps([a.node, b.node], {}, plan, save);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/No space left on device/);
    expect(a.files.has("/c.pem")).toBe(false);
    expect(b.files.get("/c.pem")?.text).toBe(OLD_PEM);
    expect(a.calls.some((c) => c.startsWith("set ssl cert"))).toBe(false);
    expect(result.steps.find((s) => s.node === "lb-01" && s.kind === "runtime")?.status).toBe("skipped");
  });

  it(`keeps the newest ${CERTIFICATE_BACKUPS_KEPT} job backups of the file and removes older ones`, async () => {
    const files = new Map<string, FakeFile>([["/c.pem", { text: OLD_PEM, mode: 0o640, uid: 0, gid: 0 }]]);
    for (const id of [2, 3, 5, 6])
      files.set(`/c.pem.hapair-cert-${id}`, { text: OLD_PEM, mode: 0o640, uid: 0, gid: 0 });
    files.set("/c.pem.hapair-12", { text: OLD_PEM, mode: 0o640, uid: 0, gid: 0 }); // a rollout's: not ours
    const a = fakeNode("lb-01", {}, files);
    const result = await runCertificateSteps([a.node], {}, plan, save);
    expect(result.ok).toBe(true);
    expect([...files.keys()].sort()).toEqual([
      "/c.pem",
      "/c.pem.hapair-12",
      "/c.pem.hapair-cert-5",
      "/c.pem.hapair-cert-6",
      "/c.pem.hapair-cert-7",
    ]);
  });
});
