/**
 * The agents process killed (SIGKILL, by PID) in the middle of a rollout on the real lab pair and
 * started again: the new process re-reads both nodes, finds the files where the finished steps left
 * them, and resumes from the interrupted step; no step that changed a node runs twice. The pair's
 * files are written back at the end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPair, vipHolders } from "@/e2e/lab/control";
import { rolloutStartRequestSchema } from "@/lib/rollout/types";
import {
  describeRollout,
  nodeFile,
  restoreOriginalFiles,
  saveOriginalFiles,
  setup,
  useDatabase,
  type SavedPair,
} from "./rollout-support";

useDatabase("restart");
let env: Awaited<ReturnType<typeof setup>>;
let saved: SavedPair;
const children: ChildProcess[] = [];
const [master, backup] = testPair().nodes.map((n) => n.name) as [string, string];

function startAgents(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "agents/main.ts"], {
    env: { ...process.env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.push(child);
  return child;
}

async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  saved = saveOriginalFiles();
  env = await setup({ agentsElsewhere: true });
}, 120_000);

afterAll(async () => {
  try {
    await stopChildren();
    await env?.close();
  } finally {
    await restoreOriginalFiles(saved);
  }
}, 120_000);

async function stopChildren(): Promise<void> {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) continue;
    child.kill("SIGTERM");
    await new Promise<void>((resolve) => {
      const forced = setTimeout(() => child.kill("SIGKILL"), 12_000);
      child.once("exit", () => (clearTimeout(forced), resolve()));
    });
  }
}

describe("an agents process killed mid-rollout", () => {
  it("is resumed by the next agents process after it re-read the nodes, without re-applying a step", async () => {
    const first = startAgents();
    const revision = await env.saveRevision(
      (d) => ({ ...d, haproxy: { ...d.haproxy, global: { ...d.haproxy.global, maxconn: 9003 } } }),
      "restart test",
    );
    // The gate reads the live state the child's poller writes.
    const { getClusterLive } = await import("@/lib/store/cluster-live");
    await until("live state", 60_000, async () =>
      (await getClusterLive(env.db, env.clusterId))?.status.health === "healthy" ? true : null,
    );
    const planned = await env.store.requestRolloutPlan(env.db, env.clusterId, { revision }, "test-operator");
    if (!planned.ok) throw new Error("plan refused");
    const plan = await env.store.waitForRollout(env.db, planned.rollout.id, 60_000, [
      "planned",
      "plan-failed",
    ]);
    expect(plan?.status).toBe("planned");
    const started = await env.store.startRollout(
      env.db,
      env.clusterId,
      planned.rollout.id,
      rolloutStartRequestSchema.parse({ mode: "graceful", confirmDrift: true }),
      "test-operator",
    );
    if (!started.ok) throw new Error(started.issues.map((i) => i.message).join("; "));
    const id = started.rollout.id;
    // Killed while the backup's backends are being checked: installed and reloaded, not yet verified.
    await until("the backup's check-backends running", 120_000, async () => {
      const r = await env.store.getRollout(env.db, id);
      return r?.steps.some((s) => s.kind === "check-backends" && s.node === backup && s.status === "running")
        ? true
        : null;
    });
    if (first.pid) process.kill(first.pid, "SIGKILL");
    await new Promise<void>((resolve) =>
      first.exitCode !== null || first.signalCode !== null ? resolve() : first.once("exit", () => resolve()),
    );
    const killedAt = await env.store.getRollout(env.db, id);
    expect(killedAt?.status).toBe("running");
    startAgents();
    const finished = await env.store.waitForRollout(env.db, id, 180_000);
    if (!finished) throw new Error("gone");
    console.log(`[rollout-restart]\n${describeRollout(finished)}`);
    expect(finished.status).toBe("succeeded");
    const step = (kind: string, node: string) =>
      finished.steps.find((s) => s.kind === kind && s.node === node);
    expect(step("install", backup)?.attempt).toBe(1);
    expect(step("reload-haproxy", backup)?.attempt).toBe(1);
    expect(step("check-backends", backup)?.attempt).toBe(2);
    expect(
      step("check-backends", backup)
        ?.log.map((l) => l.line)
        .join(" "),
    ).toMatch(/agents restarted: every node re-read/);
    for (const node of [master, backup])
      expect(nodeFile(node, "/etc/haproxy/haproxy.cfg")).toMatch(/maxconn 9003/);
    expect(vipHolders(testPair())).toEqual([master]);
  }, 400_000);
});
