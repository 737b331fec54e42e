/**
 * Rollout faults on the real lab pair (HAPAIR_TEST_PAIR), each produced through the pair's own
 * config or nodes (never the shared backends): validation refused on the backup (haproxy, keepalived),
 * SSH dropped mid-upload, the reload failing on the backup, the backup's servers down after reload,
 * the master cut off mid-rollout. After each, every node runs a valid config, and where the backup
 * failed the master was not touched. The pair's files are written back at the end.
 */
import { describe, expect, it } from "vitest";
import { cutNode, labExec, testPair, uncutNode, vipHolders, waitFor } from "@/e2e/lab/control";
import type { SshPool } from "@/lib/ssh";
import { describeRollout, nodeFile, useRolloutLab, type RolloutLab } from "./rollout-support";

const pair = testPair();
const [master, backup] = pair.nodes.map((n) => n.name) as [string, string];
let dropNextUpload = false;

let uncutTimer: NodeJS.Timeout | undefined;

/** The worker's SSH pool, except that the next upload to the backup starts with the backup's cable cut for 10 s. */
function droppingPool(pool: SshPool): SshPool {
  return {
    ...pool,
    async writeFileAtomic(target, path, data, options) {
      if (dropNextUpload && target.host === pair.nodes[1]?.address) {
        dropNextUpload = false;
        cutNode(backup);
        uncutTimer = setTimeout(() => uncutNode(backup), 10_000);
      }
      return pool.writeFileAtomic(target, path, data, options);
    },
  };
}

const snapshot = () =>
  Object.fromEntries(
    pair.nodes.map((n) => [
      n.name,
      {
        cfg: nodeFile(n.name, "/etc/haproxy/haproxy.cfg"),
        ka: nodeFile(n.name, "/etc/keepalived/keepalived.conf"),
      },
    ]),
  );
const showProc = (node: string) =>
  labExec(node, ["sh", "-c", "echo 'show proc' | socat - /run/haproxy-master.sock"]).stdout;
const reloads = (node: string) => Number(/master\s+(\d+)/.exec(showProc(node))?.[1] ?? -1);

/** Every node: its live haproxy.cfg passes haproxy -c, HAProxy and keepalived run; one VIP holder. */
async function pairIsSound(): Promise<void> {
  for (const node of pair.nodes) {
    expect(
      labExec(node.name, ["haproxy", "-c", "-f", "/etc/haproxy/haproxy.cfg"]).code,
      `${node.name} haproxy -c`,
    ).toBe(0);
    expect(
      labExec(node.name, ["keepalived", "-t", "-f", "/etc/keepalived/keepalived.conf"]).code,
      `${node.name} keepalived -t`,
    ).toBe(0);
    expect(showProc(node.name)).toMatch(/worker/);
  }
  await waitFor("one VIP holder", () => vipHolders(pair).length === 1, 30_000);
}

const lab = useRolloutLab("faults", { workerPool: droppingPool, restoreAfterEach: true });

/** A backup-side failure: nothing on the master changed, not even a reload. */
async function backupFailure(
  change: Parameters<RolloutLab["saveRevision"]>[0],
  expectStatus: string[],
  what: string,
  prepare?: () => () => void,
) {
  const before = snapshot();
  const masterReloads = reloads(master);
  const undo = prepare?.();
  try {
    const revision = await lab().saveRevision(change, what);
    const rollout = await lab().rollOut(revision, "graceful");
    console.log(`[rollout-faults] ${what}\n${describeRollout(rollout)}`);
    expect(expectStatus).toContain(rollout.status);
    expect(
      rollout.steps.some(
        (s) =>
          s.node === master &&
          ["install", "reload-haproxy", "reload-keepalived", "failover"].includes(s.kind) &&
          s.status !== "skipped",
      ),
    ).toBe(false);
    expect(snapshot()).toEqual(before);
    expect(reloads(master)).toBe(masterReloads);
    return rollout;
  } finally {
    undo?.();
    await pairIsSound();
  }
}

describe("rollout faults on the lab pair", () => {
  it("stops with nothing changed when haproxy -c refuses the config on the backup only", async () => {
    // An error file that exists on the master only: haproxy -c on the backup cannot open it.
    const file = "/etc/haproxy/hapair-test-503.http";
    const rollout = await backupFailure(
      (d) => ({
        ...d,
        haproxy: {
          ...d.haproxy,
          defaults: { ...d.haproxy.defaults, extra: [...d.haproxy.defaults.extra, `errorfile 503 ${file}`] },
        },
      }),
      ["failed"],
      "haproxy -c fails on the backup",
      () => {
        labExec(master, [
          "sh",
          "-c",
          `printf 'HTTP/1.0 503 Service Unavailable\\r\\n\\r\\nbusy\\n' > ${file}`,
        ]);
        return () => labExec(master, ["rm", "-f", file]);
      },
    );
    expect(rollout.error).toMatch(/haproxy refused the new config on/);
    expect(rollout.steps.find((s) => s.kind === "preflight" && s.node === backup)?.output).toMatch(
      /hapair-test-503/,
    );
  }, 120_000);

  it("stops with nothing changed when keepalived -t refuses the config", async () => {
    const rollout = await backupFailure(
      (d) => ({ ...d, vrrp: { ...d.vrrp, extra: [...d.vrrp.extra, "hapair_unknown_keyword 1"] } }),
      ["failed"],
      "keepalived -t fails",
    );
    expect(rollout.error).toMatch(/keepalived refused/);
  }, 120_000);

  it("stops with nothing changed when SSH drops mid-upload on the backup", async () => {
    dropNextUpload = true;
    try {
      const rollout = await backupFailure(
        (d) => ({ ...d, haproxy: { ...d.haproxy, global: { ...d.haproxy.global, maxconn: 9001 } } }),
        ["failed"],
        "SSH drops mid-upload",
        () => () => {
          clearTimeout(uncutTimer);
          uncutNode(backup);
        },
      );
      expect(rollout.steps.find((s) => s.kind === "preflight" && s.node === backup)?.status).toBe("failed");
    } finally {
      // A rollout refused before its first upload leaves the cut armed: the next test's would get it.
      dropNextUpload = false;
      clearTimeout(uncutTimer);
      uncutNode(backup);
    }
  }, 120_000);

  it("restores the backup when its servers stay down after the reload (servers moved to a closed port)", async () => {
    const rollout = await backupFailure(
      (d) => ({
        ...d,
        haproxy: {
          ...d.haproxy,
          backends: d.haproxy.backends.map((b) => ({
            ...b,
            servers: b.servers.map((s) => ({ ...s, port: 9 })),
          })),
        },
      }),
      ["rolled-back"],
      "backends down after reload",
    );
    expect(rollout.steps.find((s) => s.kind === "check-backends")?.status).toBe("failed");
    expect(rollout.steps.find((s) => s.kind === "restore")?.node).toBe(backup);
  }, 180_000);

  it("restores the backup when its HAProxy reload fails (port taken on the backup only)", async () => {
    const port = 18444;
    await backupFailure(
      (d) => ({
        ...d,
        haproxy: {
          ...d.haproxy,
          frontends: d.haproxy.frontends.map((f, i) =>
            i === 0 ? { ...f, binds: [...f.binds, { address: pair.vip, port }] } : f,
          ),
        },
      }),
      ["rolled-back"],
      "reload fails on the backup",
      () => {
        labExec(backup, [
          "sh",
          "-c",
          `setsid python3 -c 'import socket,time; s=socket.socket(); s.bind(("0.0.0.0", ${port})); s.listen(); time.sleep(300)' >/dev/null 2>&1 & echo $! > /tmp/hapair-test-port.pid`,
        ]);
        return () =>
          labExec(backup, [
            "sh",
            "-c",
            'kill "$(cat /tmp/hapair-test-port.pid)"; rm -f /tmp/hapair-test-port.pid',
          ]);
      },
    );
  }, 180_000);

  it("leaves the master untouched or restored when it is cut off mid-rollout", async () => {
    const before = snapshot();
    let cut = false;
    try {
      const revision = await lab().saveRevision(
        (d) => ({ ...d, haproxy: { ...d.haproxy, global: { ...d.haproxy.global, maxconn: 9002 } } }),
        "master cut",
      );
      const rollout = await lab().rollOut(revision, "graceful", {
        onStep: (r) => {
          if (
            !cut &&
            r.steps.some((s) => s.kind === "check-backends" && s.node === backup && s.status === "running")
          ) {
            cutNode(master);
            cut = true;
          }
        },
      });
      console.log(`[rollout-faults] master cut\n${describeRollout(rollout)}`);
      expect(cut).toBe(true);
      expect(["failed", "rolled-back"]).toContain(rollout.status);
      expect(rollout.error).toMatch(new RegExp(master));
    } finally {
      if (cut) uncutNode(master);
    }
    await waitFor(`the VIP back on ${master}`, () => vipHolders(pair).join() === master, 30_000);
    expect(nodeFile(master, "/etc/haproxy/haproxy.cfg")).toBe(before[master]?.cfg);
    expect(nodeFile(backup, "/etc/haproxy/haproxy.cfg")).toMatch(/maxconn 9002/);
    await pairIsSound();
  }, 240_000);
});
