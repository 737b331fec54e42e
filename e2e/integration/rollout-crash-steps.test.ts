/**
 * The agents process killed (SIGKILL, by PID) at each step of a rollout that changes a node — the
 * backup's install, reload and backend check, the master's install and reload — and started again.
 * Every time the rollout must end succeeded or rolled-back (never left "interrupted" with the pair
 * uneven): both nodes hold the same revision's files, HAProxy accepts them, no candidate file is left,
 * and a rolled-back rollout names the restart. The cases share one database, pair and agents process
 * (the next case kills the one the previous case started). A first rollout puts hapair's own files
 * on the pair, so from then on only haproxy.cfg changes: the other files have the same hash before
 * and after, the case the resume check once got wrong.
 */
import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labExec, testPair, until, vipHolders } from "@/e2e/lab/control";
import type { RolloutView, StepKind } from "@/lib/rollout/types";
import { agentsProcesses } from "./agents-process";
import { describeRollout, useRolloutLab } from "./rollout-support";

const lab = useRolloutLab("crash-steps", { agentsElsewhere: true });
const agents = agentsProcesses("ignore");
let current: ChildProcess | null = null;
const [master, backup] = testPair().nodes.map((n) => n.name) as [string, string];
const CONFIG_DIRS = ["/etc/haproxy", "/etc/keepalived"];
/** The whole file's bound: six rollouts and five agents restarts on a shared, slow machine. */
const FILE_BUDGET_MS = 900_000;
const started = Date.now();

beforeAll(() => {
  current = agents.start();
});

// Registered after the lab's: runs before it closes.
afterAll(() => agents.stopAll(), 120_000);

async function startRollout(maxconn: number): Promise<number> {
  const revision = await lab().saveRevision(
    (d) => ({ ...d, haproxy: { ...d.haproxy, global: { ...d.haproxy.global, maxconn } } }),
    `crash test ${maxconn}`,
  );
  await lab().waitHealthy();
  return lab().startElsewhere(revision);
}

/** Both nodes hold one revision's files (the plan's after or before checksums), valid, with no candidate left. */
function checkEndState(r: RolloutView): void {
  const which = r.status === "succeeded" ? "afterSha" : "beforeSha";
  for (const node of r.plan?.nodes ?? []) {
    for (const file of node.files) {
      const sum = labExec(node.node, [
        "sh",
        "-c",
        `sha256sum < '${file.path}' | cut -d' ' -f1`,
      ]).stdout.trim();
      expect(`${node.node} ${file.path} ${sum}`).toBe(`${node.node} ${file.path} ${file[which] ?? ""}`);
    }
    expect(
      labExec(node.node, ["haproxy", "-c", "-f", "/etc/haproxy/haproxy.cfg"]).code,
      `haproxy -c on ${node.node}`,
    ).toBe(0);
    const left = labExec(node.node, [
      "find",
      ...CONFIG_DIRS,
      "-name",
      `*hapair-candidate-${r.id}*`,
    ]).stdout.trim();
    expect(left, `candidates left on ${node.node}`).toBe("");
  }
  const cfg = (n: string) => labExec(n, ["cat", "/etc/haproxy/haproxy.cfg"]).stdout;
  expect(cfg(master) === cfg(backup), "haproxy.cfg identical on both nodes").toBe(true);
}

const KILL_POINTS: { kind: StepKind; node: string }[] = [
  { kind: "install", node: backup },
  { kind: "reload-haproxy", node: backup },
  { kind: "check-backends", node: backup },
  { kind: "install", node: master },
  { kind: "reload-haproxy", node: master },
];

describe("agents killed at each changing step of a rollout", () => {
  it("a first rollout puts hapair's files on the pair", async () => {
    const id = await startRollout(9100);
    const done = await lab().store.waitForRollout(lab().db, id, 180_000);
    if (!done) throw new Error("gone");
    expect(done.status, describeRollout(done)).toBe("succeeded");
  }, 240_000);

  for (const [i, point] of KILL_POINTS.entries()) {
    it(`killed during ${point.kind} on the ${point.node === backup ? "backup" : "master"}: completes or restores, both nodes even`, async () => {
      expect(Date.now() - started, "the file's time budget").toBeLessThan(FILE_BUDGET_MS);
      const id = await startRollout(9101 + i);
      const at = await until(
        `${point.kind} on ${point.node} running`,
        180_000,
        async () => {
          const r = await lab().store.getRollout(lab().db, id);
          return r?.steps.some(
            (s) => s.kind === point.kind && s.node === point.node && s.status === "running",
          )
            ? r
            : null;
        },
        10,
      );
      if (current) await agents.kill(current);
      const killed = await lab().store.getRollout(lab().db, id);
      const hit = killed?.steps.find((s) => s.status === "running");
      console.log(
        `[crash-steps] killed during ${point.kind} ${point.node}; running when killed: ${hit ? `${hit.kind} ${hit.node ?? ""}` : "none"} (seen running at step ${at.steps.find((s) => s.status === "running")?.index ?? "?"})`,
      );
      expect(killed?.status).toBe("running");
      current = agents.start();
      const finished = await lab().store.waitForRollout(lab().db, id, 180_000);
      if (!finished) throw new Error("gone");
      console.log(`[crash-steps]\n${describeRollout(finished)}`);
      expect(["succeeded", "rolled-back"], `${finished.status}: ${finished.error ?? ""}`).toContain(
        finished.status,
      );
      if (finished.status === "rolled-back") expect(finished.error).toMatch(/agents restarted/);
      checkEndState(finished);
      expect(vipHolders(testPair())).toEqual([master]);
    }, 300_000);
  }
});
