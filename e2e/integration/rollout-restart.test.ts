/**
 * The agents process killed (SIGKILL, by PID) in the middle of a rollout on the real lab pair and
 * started again: the new process re-reads both nodes, finds the files where the finished steps left
 * them, and resumes from the interrupted step; no step that changed a node runs twice. The pair's
 * files are written back at the end.
 */
import { afterAll, describe, expect, it } from "vitest";
import { testPair, until, vipHolders } from "@/e2e/lab/control";
import { agentsProcesses } from "./agents-process";
import { describeRollout, nodeFile, useRolloutLab } from "./rollout-support";

const lab = useRolloutLab("restart", { agentsElsewhere: true });
const agents = agentsProcesses();
const [master, backup] = testPair().nodes.map((n) => n.name) as [string, string];

// Registered after the lab's: runs before it closes.
afterAll(() => agents.stopAll(), 120_000);

describe("an agents process killed mid-rollout", () => {
  it("is resumed by the next agents process after it re-read the nodes, without re-applying a step", async () => {
    const env = lab();
    const first = agents.start();
    const revision = await env.saveRevision(
      (d) => ({ ...d, haproxy: { ...d.haproxy, global: { ...d.haproxy.global, maxconn: 9003 } } }),
      "restart test",
    );
    // The gate reads the live state the child's poller writes.
    await env.waitHealthy();
    const id = await env.startElsewhere(revision);
    // Killed while the backup's backends are being checked: installed and reloaded, not yet verified.
    await until("the backup's check-backends running", 120_000, async () => {
      const r = await env.store.getRollout(env.db, id);
      return r?.steps.some((s) => s.kind === "check-backends" && s.node === backup && s.status === "running")
        ? true
        : null;
    });
    await agents.kill(first);
    const killedAt = await env.store.getRollout(env.db, id);
    expect(killedAt?.status).toBe("running");
    agents.start();
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
