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
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labExec, testPair, vipHolders } from "@/e2e/lab/control";
import { rolloutStartRequestSchema, type RolloutView, type StepKind } from "@/lib/rollout/types";
import {
  describeRollout,
  restoreOriginalFiles,
  saveOriginalFiles,
  setup,
  useDatabase,
  type SavedPair,
} from "./rollout-support";

useDatabase("crash-steps");
let env: Awaited<ReturnType<typeof setup>>;
let saved: SavedPair;
let agents: ChildProcess | null = null;
const [master, backup] = testPair().nodes.map((n) => n.name) as [string, string];
const CONFIG_DIRS = ["/etc/haproxy", "/etc/keepalived"];
/** The whole file's bound: six rollouts and five agents restarts on a shared, slow machine. */
const FILE_BUDGET_MS = 900_000;
const started = Date.now();

function startAgents(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "agents/main.ts"], {
    env: { ...process.env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  agents = child;
  return child;
}

async function killAgents(): Promise<void> {
  const child = agents;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(child.pid, "SIGKILL");
  await exited;
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null | undefined>,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

beforeAll(async () => {
  saved = saveOriginalFiles();
  env = await setup({ agentsElsewhere: true });
  startAgents();
}, 120_000);

afterAll(async () => {
  try {
    if (agents?.pid && agents.exitCode === null && agents.signalCode === null) {
      const child = agents;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), 12_000);
      await exited;
      clearTimeout(forced);
    }
    await env?.close();
  } finally {
    await restoreOriginalFiles(saved);
  }
}, 120_000);

async function healthy(): Promise<void> {
  const { getClusterLive } = await import("@/lib/store/cluster-live");
  await until(
    "a healthy pair",
    90_000,
    async () => {
      const live = await getClusterLive(env.db, env.clusterId);
      return live?.status.health === "healthy" && live.nodes.every((n) => n.observation?.reachable)
        ? true
        : null;
    },
    200,
  );
}

async function startRollout(maxconn: number): Promise<number> {
  const revision = await env.saveRevision(
    (d) => ({ ...d, haproxy: { ...d.haproxy, global: { ...d.haproxy.global, maxconn } } }),
    `crash test ${maxconn}`,
  );
  await healthy();
  const planned = await env.store.requestRolloutPlan(env.db, env.clusterId, { revision }, "test-operator");
  if (!planned.ok) throw new Error("plan refused");
  const plan = await env.store.waitForRollout(env.db, planned.rollout.id, 60_000, ["planned", "plan-failed"]);
  if (plan?.status !== "planned") throw new Error(`not planned: ${plan?.status} ${plan?.error ?? ""}`);
  const go = await env.store.startRollout(
    env.db,
    env.clusterId,
    planned.rollout.id,
    rolloutStartRequestSchema.parse({ mode: "graceful", confirmDrift: true }),
    "test-operator",
  );
  if (!go.ok) throw new Error(go.issues.map((i) => i.message).join("; "));
  return go.rollout.id;
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
    const done = await env.store.waitForRollout(env.db, id, 180_000);
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
          const r = await env.store.getRollout(env.db, id);
          return r?.steps.some(
            (s) => s.kind === point.kind && s.node === point.node && s.status === "running",
          )
            ? r
            : null;
        },
        10,
      );
      await killAgents();
      const killed = await env.store.getRollout(env.db, id);
      const hit = killed?.steps.find((s) => s.status === "running");
      console.log(
        `[crash-steps] killed during ${point.kind} ${point.node}; running when killed: ${hit ? `${hit.kind} ${hit.node ?? ""}` : "none"} (seen running at step ${at.steps.find((s) => s.status === "running")?.index ?? "?"})`,
      );
      expect(killed?.status).toBe("running");
      startAgents();
      const finished = await env.store.waitForRollout(env.db, id, 180_000);
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
