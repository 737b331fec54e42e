/**
 * A rollout on the real lab pair (HAPAIR_TEST_PAIR): a changed server list rolled out "graceful" and
 * then "verify-on-backup"; both nodes run the new config (read on the nodes themselves, and HAProxy's
 * own `show stat`), the backup's steps finished before the master's started. The pair's files are
 * written back at the end.
 */
import { describe, expect, it } from "vitest";
import { labExec, testPair, vipHolders } from "@/e2e/lab/control";
import { backupThenMaster, describeRollout, nodeFile, useRolloutLab } from "./rollout-support";

const lab = useRolloutLab("happy");
const [master, backup] = testPair().nodes.map((n) => n.name) as [string, string];

function servers(node: string): string[] {
  return labExec(node, ["sh", "-c", "echo 'show stat' | socat - /run/haproxy/admin.sock"])
    .stdout.split("\n")
    .filter((l) => l.startsWith("be_app,") && !l.startsWith("be_app,BACKEND"))
    .map((l) => l.split(",")[1] ?? "");
}

describe("rollout on the lab pair", () => {
  it("rolls out a changed server list gracefully, backup first, both nodes running it", async () => {
    const revision = await lab().saveRevision(
      (d) => ({
        ...d,
        haproxy: {
          ...d.haproxy,
          backends: d.haproxy.backends.map((b) => ({ ...b, servers: b.servers.slice(0, 2) })),
        },
      }),
      "two servers",
    );
    const started = Date.now();
    const rollout = await lab().rollOut(revision, "graceful");
    console.log(`[rollout] graceful: ${Date.now() - started} ms\n${describeRollout(rollout)}`);
    expect(rollout.status).toBe("succeeded");
    for (const node of [master, backup]) {
      expect(nodeFile(node, "/etc/haproxy/haproxy.cfg")).toContain("Managed by hapair");
      expect(nodeFile(node, "/etc/haproxy/haproxy.cfg")).not.toContain("app-03");
      expect(servers(node)).toEqual(["app-01", "app-02"]);
    }
    const { backupDone, masterStart } = backupThenMaster(rollout, backup, master);
    // Milliseconds: the executor writes the backup's last finish and the master's first start back to back.
    expect(backupDone).toBeLessThanOrEqual(masterStart);
    expect(vipHolders(testPair())).toEqual([master]);
  }, 180_000);

  it("rolls out verify-on-backup: the VIP serves from the backup, then returns to the master", async () => {
    const revision = await lab().saveRevision((d) => d, "back to three servers");
    const started = Date.now();
    const rollout = await lab().rollOut(revision, "verify-on-backup");
    console.log(`[rollout] verify-on-backup: ${Date.now() - started} ms\n${describeRollout(rollout)}`);
    expect(rollout.status).toBe("succeeded");
    for (const node of [master, backup]) expect(servers(node)).toEqual(["app-01", "app-02", "app-03"]);
    expect(
      rollout.steps
        .find((s) => s.kind === "failover")
        ?.log.map((l) => l.line)
        .join(" "),
    ).toContain(`VIP is on ${backup}`);
    expect(vipHolders(testPair())).toEqual([master]);
    expect(nodeFile(master, "/etc/keepalived/keepalived.conf")).toMatch(/priority 110/);
  }, 240_000);
});
