/**
 * A distribution job whose agents process died mid-job (fake nodes over state that outlives it),
 * taken over by a second process: at each crash point the pair ends even, on the new certificate
 * (gone on: every step again, the backup still the original) or on the old one (every node the job
 * touched put back from its recorded backup), and the steps say it was interrupted by a restart.
 */
import { describe, expect, it } from "vitest";
import type { CertificateJobStep } from "@/lib/certificates/types";
import {
  after,
  agentsProcess,
  BACKUP,
  NEW_PEM,
  NODE_NAMES,
  OLD_PEM,
  ORIGINAL,
  pairState,
  PATH,
  PLAN,
  untilCrashed,
  type NodeState,
  type When,
} from "./__testing__/crash-pair";
import { recoverCertificateSteps } from "./recover";
import { runCertificateSteps } from "./steps";

type Pair = Record<string, NodeState>;
const noWait = () => Promise.resolve();
const summary = (steps: CertificateJobStep[]) => steps.map((s) => `${s.node} ${s.kind} ${s.status}`);

/** Runs the job until it crashes at `crashAt`; the pair's state and the steps the database holds. */
async function crashed(crashAt: When, slow: string[] = []) {
  const state = pairState();
  const first = agentsProcess(state, { crashAt, slow });
  void runCertificateSteps(first.nodes, {}, PLAN, first.save);
  await untilCrashed(first);
  return { state, steps: first.saved() };
}

/** The second process takes the job over. */
function takeOver(
  state: Pair,
  steps: CertificateJobStep[],
  options: { refuse?: When; unreachable?: string[]; replaced?: boolean } = {},
) {
  const second = agentsProcess(state, options);
  const next = options.replaced ? null : { pem: PLAN.pem, sha1: PLAN.sha1 };
  return recoverCertificateSteps(
    second.nodes,
    {},
    { path: PATH, jobId: PLAN.jobId, next },
    steps,
    second.save,
    noWait,
  );
}

const served = (state: Pair) => NODE_NAMES.map((n) => (state[n]?.served === NEW_PEM ? "new" : "old"));
const files = (state: Pair) =>
  NODE_NAMES.map((n) => {
    const text = state[n]?.files.get(PATH)?.text;
    return text === NEW_PEM ? "new" : text === OLD_PEM ? "old" : String(text);
  });

/** Both nodes serve and hold one certificate, every backup is the original, no temporary file is left. */
function expectEven(state: Pair, which: "new" | "old") {
  expect({ served: served(state), files: files(state) }).toEqual({
    served: [which, which],
    files: [which, which],
  });
  for (const name of NODE_NAMES) {
    const node = state[name];
    const backup = node?.files.get(BACKUP);
    if (backup) expect(backup.text, `${name}'s backup`).toBe(OLD_PEM);
    const file = node?.files.get(PATH);
    // Owner kept, mode at most 0640 (the original's here).
    expect([file?.mode, file?.uid, file?.gid], `${name}'s file mode and owner`).toEqual([0o640, 0, 107]);
    expect([...(node?.files.keys() ?? [])].filter((f) => f.includes("/.site.pem.hapair-"))).toEqual([]);
    expect(node?.pending, `${name}: no open transaction`).toBeNull();
  }
}

/** The node's file and HAProxy's certificate are the originals again. */
function expectPutBack(state: Pair, name: string) {
  expect(state[name]?.files.get(PATH)).toEqual(ORIGINAL);
  expect(state[name]?.served).toBe(OLD_PEM);
}

const recoverNote = (steps: CertificateJobStep[]) =>
  steps.find((s) => s.kind === "recover")?.log.join(" ") ?? "";

type Shown = "new" | "old";

/** Crash points the second process goes on from: it succeeds and both nodes end on the new certificate. */
const goingOn: {
  title: string;
  /** The call the first process dies at, or the one it dies right after. */
  crash: { at: string } | { after: string };
  slow?: string[];
  /** What the nodes serve and hold when the first process died (`temporary`: a file left on lb-01). */
  before?: { served?: Shown[]; files?: Shown[]; temporary?: string };
  /** What else the taken-over job must show. */
  also?: (result: Awaited<ReturnType<typeof takeOver>>) => void;
}[] = [
  {
    title: "crashed before any write: goes on and succeeds",
    crash: { at: "lb-01 stat" },
    before: { served: ["old", "old"], files: ["old", "old"] },
    also: (result) => expect(recoverNote(result.steps)).toMatch(/^interrupted by a restart; .*going on/),
  },
  {
    title: "crashed while writing node 1's file (temporary file left): goes on, the temporary file removed",
    crash: { at: "lb-01 write" },
    slow: ["lb-02"],
    before: { temporary: "/etc/haproxy/certs/.site.pem.hapair-99-1" },
    also: (result) =>
      expect(recoverNote(result.steps)).toContain("lb-01: removed /etc/haproxy/certs/.site.pem.hapair-99-1"),
  },
  {
    title: "crashed after node 1's file, node 2 untouched: goes on (the backup stays the original)",
    crash: { after: "lb-01 chown" },
    slow: ["lb-02"],
    before: { files: ["new", "old"] },
    also: (result) => {
      // lb-01's file step ran again without copying the (now new) file over its backup.
      const log = result.steps.find((s) => s.node === "lb-01" && s.kind === "file")?.log ?? [];
      expect(log.filter((l) => l.startsWith("old file kept as"))).toEqual([]);
      expect(log).toContain(`the original stays in ${BACKUP} (kept before the restart)`);
    },
  },
  {
    title: "crashed after node 1's commit: goes on, node 2 committed too",
    crash: { after: "lb-01 commit" },
    slow: ["lb-02"],
    before: { served: ["new", "old"] },
  },
  {
    title: "crashed between the nodes' files and their commits: goes on",
    crash: { at: "lb-01 set" },
    before: { served: ["old", "old"], files: ["new", "new"] },
  },
  {
    title: "crashed after node 2's commit (while pruning): succeeds without writing again",
    crash: { at: "lb-01 ls-backups" },
    before: { served: ["new", "new"] },
    also: (result) =>
      expect(summary(result.steps).filter((s) => s.endsWith("prune done"))).toEqual(["both prune done"]),
  },
];

describe("a certificate job taken over after its agents process died", () => {
  it.each(goingOn)("$title", async ({ crash, slow, before, also }) => {
    const { state, steps } = await crashed("at" in crash ? (c) => c === crash.at : after(crash.after), slow);
    if (before?.temporary) expect(state["lb-01"]?.files.has(before.temporary)).toBe(true);
    if (before?.served) expect(served(state)).toEqual(before.served);
    if (before?.files) expect(files(state)).toEqual(before.files);
    const result = await takeOver(state, steps);
    expect(result.status).toBe("succeeded");
    expectEven(state, "new");
    also?.(result);
  });

  it("going on fails on node 2: every node is put back from its backups, the job ends restored", async () => {
    const { state, steps } = await crashed(after("lb-01 commit"), ["lb-02"]);
    let commits = 0;
    // Node 2 refuses the new certificate's commit; it takes its old one back.
    const refuse = (c: string) => c === "lb-02 commit" && commits++ === 0;
    const result = await takeOver(state, steps, { refuse });
    expect(result.status).toBe("restored");
    expectEven(state, "old");
  });

  it("the stored certificate was replaced meanwhile: puts every node back (file and HAProxy's memory)", async () => {
    const { state, steps } = await crashed(after("lb-01 commit"), ["lb-02"]);
    const result = await takeOver(state, steps, { replaced: true });
    expect(result.status).toBe("restored");
    expectEven(state, "old");
    expect(result.error).toMatch(/^interrupted by a restart; .*replaced or removed/);
  });

  it("a restore that fails on one node: the other is put back, the job fails naming the node", async () => {
    const { state, steps } = await crashed(after("lb-01 commit"), ["lb-02"]);
    const result = await takeOver(state, steps, { replaced: true, refuse: (c) => c === "lb-02 write" });
    expect(result.status).toBe("failed");
    expect(result.steps.find((s) => s.node === "lb-02" && s.kind === "restore")?.error).toMatch(
      /restore on lb-02: lb-02 write: refused/,
    );
    expectPutBack(state, "lb-01");
  });

  it("node 2 unreachable at take-over after it was written: node 1 put back, the job fails naming node 2", async () => {
    const { state, steps } = await crashed(after("lb-01 commit"), ["lb-02"]);
    const result = await takeOver(state, steps, { unreachable: ["lb-02"] });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(/lb-02 cannot be read \(lb-02: connect ECONNREFUSED\)/);
    expectPutBack(state, "lb-01");
  });

  it("node 2 unreachable at take-over before it was touched: node 1 put back, the pair even on the old one", async () => {
    const { state, steps } = await crashed(after("lb-01 chown"), ["lb-02"]);
    const result = await takeOver(state, steps, { unreachable: ["lb-02"] });
    expect(result.status).toBe("restored");
    expectEven(state, "old");
  });
});
