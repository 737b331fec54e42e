/**
 * The agents process killed (SIGKILL, by PID) at each step of a certificate replacement on the test
 * pair — a file step under way before anything is written, a node's original recorded (its write
 * under way or done), the commits under way, both nodes committed; and the commits under way with the
 * stored certificate replaced while no agents process runs (it cannot go on: every node put back) —
 * and started again. Every time the job must end succeeded or restored: both nodes' HAProxy hold one
 * certificate (`show ssl cert`), the VIP serves it, each node's file is that certificate, its backup
 * the file from before the job, and no temporary file is left. The cases share one database and
 * agents process (the next case kills the one the previous case started). The job takes well under
 * a second, so each kill point is caught by reading the job's steps every few milliseconds; a case
 * whose job got past its point before it was seen runs again with a new certificate (at most three
 * times), and the step the kill hit is logged.
 */
import type { ChildProcess } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { labExec, until } from "@/e2e/lab/control";
import type { CertificateJobStep } from "@/lib/certificates/types";
import { agentsProcesses } from "./agents-process";
import { certificatesLab } from "./certificates-lab";
import {
  CERT_PATH,
  heldSha1,
  makeCertificate,
  readCertFile,
  servedThroughVip,
  type TestCertificate,
} from "./certificates-support";

const NAME = "site.lab.test";
const agents = agentsProcesses(process.env.HAPAIR_TEST_AGENTS_STDOUT ? "inherit" : "ignore");
/** The whole file's bound (aim: under 150 s); each case waits for an agents restart and a lease take-over. */
const FILE_BUDGET_MS = 300_000;
const started = Date.now();
let current: ChildProcess | null = null;
const lab = certificatesLab("lab-certificates-crash", {
  setUp: async ({ db, clusterId, nodes: names }) => {
    current = agents.start();
    // The first job should not race the agents' first SSH connections (slow on a loaded machine).
    await until(
      "both nodes polled by the agents",
      120_000,
      async () => {
        const nodes = await db.node.findMany({ where: { clusterId }, select: { id: true } });
        const reached = await Promise.all(
          nodes.map((n) => db.nodeObservation.findFirst({ where: { nodeId: n.id, reachable: true } })),
        );
        return nodes.length === names.length && reached.every((r) => r !== null) ? true : null;
      },
      500,
    );
  },
  tearDown: async () => {
    await agents.stopAll();
    console.log(`[certificates-crash] file took ${Math.round((Date.now() - started) / 1000)} s`);
  },
  setUpTimeoutMs: 180_000,
  tearDownTimeoutMs: 120_000,
});
const { pair, nodes: NODES } = lab;

type Steps = CertificateJobStep[];
const is = (steps: Steps, kind: string, status: string) =>
  steps.some((s) => s.kind === kind && s.status === status);

/** The certificate stored anew (not distributed) while the agents are down: the job cannot go on, so it restores. */
async function replaceStored(): Promise<void> {
  const { saveCertificateBundle } = await store();
  const other = makeCertificate(NAME, 45);
  const saved = await saveCertificateBundle(
    lab.db,
    lab.clusterId,
    { name: "site", pem: other.pem, path: CERT_PATH, distribute: false },
    "lab-test",
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
}

const KILL_POINTS: {
  name: string;
  at: (steps: Steps) => boolean;
  /** Done while no agents process runs; the outcome it must then have. */
  whileDown?: { change: () => Promise<void>; outcome: "restored" };
}[] = [
  {
    name: "a file step under way, nothing recorded yet",
    at: (steps) => is(steps, "file", "running") && !steps.some((s) => s.recorded),
  },
  {
    name: "a node's original recorded (its write under way or done)",
    at: (steps) => steps.some((s) => s.kind === "file" && s.status === "running" && s.recorded),
  },
  { name: "the commits under way", at: (steps) => is(steps, "runtime", "running") },
  {
    name: "both nodes committed (the old backups being pruned)",
    at: (steps) => {
      const runtime = steps.filter((s) => s.kind === "runtime");
      return runtime.length > 0 && runtime.every((s) => s.status === "done");
    },
  },
  {
    name: "the commits under way, the stored certificate replaced before the restart",
    at: (steps) => is(steps, "runtime", "running"),
    whileDown: { change: replaceStored, outcome: "restored" },
  },
];

/** The store's certificates and their jobs, imported once the test's database is set. */
async function store() {
  return { ...(await import("@/lib/store/certificates")), ...(await import("@/lib/store/certificate-jobs")) };
}

/** SHA-1 of the leaf in a PEM file's text (null: none readable). */
function fileSha1(text: string): string | null {
  try {
    return new X509Certificate(text).fingerprint.replaceAll(":", "");
  } catch {
    return null;
  }
}

/** What the pair serves now: each node's HAProxy, its file, and the VIP. */
async function servedNow() {
  return {
    held: NODES.map(heldSha1),
    files: NODES.map((node) => fileSha1(readCertFile(node))),
    vip: await servedThroughVip(pair.vip, NAME),
  };
}

/** Queues a replacement and waits for its job to reach the kill point (null: it got past it unseen). */
async function upTo(cert: TestCertificate, at: (steps: Steps) => boolean): Promise<number | null> {
  const { saveCertificateBundle, getCertificateJob } = await store();
  const saved = await saveCertificateBundle(
    lab.db,
    lab.clusterId,
    { name: "site", pem: cert.pem, path: CERT_PATH },
    "lab-test",
  );
  if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
  const id = saved.jobId;
  if (id === null) throw new Error("no job queued");
  const seen = await until(
    `job ${id} at its kill point`,
    90_000,
    async () => {
      const job = await getCertificateJob(lab.db, id);
      if (!job) return null;
      if (job.status === "running" && at(job.steps)) return "hit";
      return job.status === "succeeded" || job.status === "restored" || job.status === "failed"
        ? "past"
        : null;
    },
    3,
  );
  return seen === "hit" ? id : null;
}

async function finished(id: number) {
  const { getCertificateJob } = await store();
  return until(
    `job ${id} finished`,
    90_000,
    async () => {
      const job = await getCertificateJob(lab.db, id);
      return job && job.status !== "running" && job.status !== "pending" ? job : null;
    },
    100,
  );
}

const describeSteps = (steps: Steps) =>
  steps.map((s) => `${s.node} ${s.kind} ${s.status}${s.error ? ` (${s.error})` : ""}`).join("; ");

describe(`agents killed at each step of a certificate replacement on ${pair.name}`, () => {
  it("a first replacement puts hapair's certificate on both nodes", async () => {
    const cert = makeCertificate(NAME, 90);
    expect(await upTo(cert, () => false)).toBeNull();
    const { listCertificateJobs } = await store();
    const [job] = await listCertificateJobs(lab.db, lab.clusterId, 1);
    expect(job?.status, `${job?.error ?? ""} ${describeSteps(job?.steps ?? [])}`).toBe("succeeded");
    expect(await servedNow()).toEqual({
      held: [cert.sha1, cert.sha1],
      files: [cert.sha1, cert.sha1],
      vip: cert.fingerprint,
    });
  }, 120_000);

  for (const point of KILL_POINTS) {
    it(`killed with ${point.name}: succeeded or restored, both nodes even`, async () => {
      expect(Date.now() - started, "the file's time budget").toBeLessThan(FILE_BUDGET_MS);
      let caught: {
        id: number;
        cert: TestCertificate;
        before: Awaited<ReturnType<typeof servedNow>>;
      } | null = null;
      const { getCertificateJob } = await store();
      for (let attempt = 1; attempt <= 3 && !caught; attempt++) {
        const before = await servedNow();
        const cert = makeCertificate(NAME, 60);
        const hit = await upTo(cert, point.at);
        if (hit === null) {
          console.log(`[certificates-crash] ${point.name}: the job got past it unseen (try ${attempt})`);
          continue;
        }
        if (current) await agents.kill(current);
        const killed = await getCertificateJob(lab.db, hit);
        console.log(
          `[certificates-crash] killed with ${point.name} (try ${attempt}): ${killed?.status} ${describeSteps(killed?.steps ?? [])}`,
        );
        if (killed?.status === "running") caught = { id: hit, cert, before };
        else current = agents.start();
      }
      if (!caught) throw new Error(`${point.name}: not caught in three tries`);
      const { id, cert, before } = caught;
      const killedAt = Date.now();
      await point.whileDown?.change();
      current = agents.start();
      const job = await finished(id);
      console.log(
        `[certificates-crash] ${job.status} ${Math.round((Date.now() - killedAt) / 1000)} s after the kill: ${describeSteps(job.steps)}${job.error ? ` — ${job.error}` : ""}`,
      );
      expect(["succeeded", "restored"], `${job.status}: ${job.error ?? ""}`).toContain(job.status);
      if (point.whileDown) expect(job.status).toBe(point.whileDown.outcome);
      expect(job.steps.find((s) => s.kind === "recover")?.log.join(" ")).toMatch(
        /^interrupted by a restart; /,
      );
      const which = job.status === "succeeded" ? cert : { sha1: before.held[0], fingerprint: before.vip };
      expect(await servedNow()).toEqual({
        held: [which.sha1, which.sha1],
        files: [which.sha1, which.sha1],
        vip: which.fingerprint,
      });
      for (const node of NODES) {
        const left = labExec(node, [
          "sh",
          "-c",
          `ls -a /etc/haproxy/certs | grep '^\\.site\\.pem\\.hapair-' || true`,
        ]);
        expect(left.stdout.trim(), `temporary files left on ${node}`).toBe("");
        // The job's backup is the file as it was before the job (never the new one).
        const backup = labExec(node, ["cat", `${CERT_PATH}.hapair-cert-${id}`]).stdout;
        if (backup !== "") expect(fileSha1(backup), `${node}'s backup`).toBe(before.files[0]);
      }
    }, 200_000);
  }
});
