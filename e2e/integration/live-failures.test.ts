/**
 * Live state under failures, on the real lab with the real poller (in this process) writing to a
 * database of this test's own: a node cut off shows unreachable within two poll intervals while its
 * peer and other clusters keep updating; a host key that differs from the pinned one is refused,
 * shown, and accepted only through the operator route; a missing admin socket shows HAProxy down.
 * Every fault is undone in a finally. Faults hit lb-02 (the backup), so pair 1's VIP never moves.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cookieFor } from "@/lib/auth/__fixtures__/test-sessions";
import { cutNode, labExec, uncutNode } from "@/e2e/lab/control";
import { readInventory } from "@/e2e/lab/inventory";
import { labUp } from "@/e2e/lab/up";
import { labPairDefinition } from "@/e2e/lab/register";
import type { LiveNode } from "@/lib/status/cluster-live-view";
import { usePollerLab } from "./poller-lab";

const lab = await usePollerLab("test-live-failures", { backoff: { baseMs: 200, maxMs: 2_000 } });
const { db, clusterIds } = lab;
const { POLL_INTERVAL_MS } = await import("@/lib/timing");
const hostKeyRoute = await import("@/app/api/clusters/[id]/nodes/[nodeId]/host-key/route");
let admin = "";

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
async function node(cluster: string, name: string): Promise<LiveNode> {
  const found = (await lab.liveNodes(cluster)).find((n) => n.name === name);
  if (!found) throw new Error(`no live node ${cluster}/${name}`);
  return found;
}
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
const observedAt = async (cluster: string, name: string) =>
  Date.parse((await node(cluster, name)).observation?.at ?? "0");
const healthyAgain = (name: string) =>
  until(`${name} reachable with HAProxy up`, 30_000, async () => {
    const o = (await node("lab", name)).observation;
    return o?.reachable && o.haproxy?.running ? true : null;
  });

beforeAll(async () => {
  // A second pair stands for "other clusters", which must keep updating while a node is cut off.
  const inventory = await labUp({
    pairs: Math.max(2, readInventory()?.pairs.length ?? 1),
    leaveRunning: true,
  });
  // Pair 1, and pair 2 as "another cluster".
  await lab.save(inventory.pairs.slice(0, 2).map((pair) => labPairDefinition(inventory, pair)));
  admin = await cookieFor(db, "admin");
  lab.start();
  await healthyAgain("lb-01");
  await healthyAgain("lb-02");
});

describe("live state under failures (lab)", () => {
  it("shows a cut-off node unreachable within two poll intervals while the rest keeps updating", async () => {
    const others = Object.keys(clusterIds).filter((c) => c !== "lab");
    expect(others.length, "a second lab pair").toBeGreaterThan(0);
    const cutAt = Date.now();
    try {
      cutNode("lb-02");
      const seenAfter = await until("lb-02 unreachable", 4 * POLL_INTERVAL_MS, async () => {
        const o = (await node("lab", "lb-02")).observation;
        return o && !o.reachable && Date.parse(o.at) > cutAt ? Date.now() - cutAt : null;
      });
      console.log(
        `[live-failures] lb-02 shown unreachable ${seenAfter} ms after its cable was cut (poll interval ${POLL_INTERVAL_MS} ms)`,
      );
      expect(seenAfter).toBeLessThanOrEqual(2 * POLL_INTERVAL_MS);
      // Meanwhile the peer and the other clusters still get fresh observations.
      const since = Date.now();
      await sleep(POLL_INTERVAL_MS + 500);
      expect(await observedAt("lab", "lb-01")).toBeGreaterThan(since);
      for (const cluster of others) expect(await observedAt(cluster, "lb-03")).toBeGreaterThan(since);
      expect((await node("lab", "lb-01")).observation?.reachable).toBe(true);
    } finally {
      uncutNode("lb-02");
    }
    await healthyAgain("lb-02");
  });

  it("refuses a changed host key, shows both keys, and pins the new one only when an operator accepts it", async () => {
    const clusterId = clusterIds.lab ?? "";
    const row = await db.node.findFirstOrThrow({ where: { clusterId, name: "lb-02" } });
    const real = row.hostKeyFingerprint ?? "";
    const wrong = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    const post = (fingerprint: unknown) =>
      hostKeyRoute.POST(
        new Request("http://test/", {
          method: "POST",
          body: JSON.stringify({ fingerprint }),
          headers: { cookie: admin },
        }),
        {
          params: Promise.resolve({ id: clusterId, nodeId: row.id }),
        },
      );
    try {
      // From hapair's side this is a node whose key changed: the pin no longer matches what it presents.
      await db.node.update({ where: { id: row.id }, data: { hostKeyFingerprint: wrong } });
      const shown = await until("lb-02 host key mismatch", 20_000, async () => {
        const n = await node("lab", "lb-02");
        return n.hostKeyStatus === "mismatch" && n.observation && !n.observation.reachable ? n : null;
      });
      expect(shown).toMatchObject({ hostKeyFingerprint: wrong, seenHostKeyFingerprint: real });
      expect(shown.observation?.hostKey).toBe("mismatch");
      // Still refused a while later: never auto-accepted.
      await sleep(2 * POLL_INTERVAL_MS);
      expect((await node("lab", "lb-02")).hostKeyStatus).toBe("mismatch");
      // The operator must repeat the presented fingerprint; anything else changes nothing.
      expect((await post("not a fingerprint")).status).toBe(422);
      expect((await post("SHA256:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")).status).toBe(409);
      expect((await db.node.findUniqueOrThrow({ where: { id: row.id } })).hostKeyFingerprint).toBe(wrong);
      const accepted = await post(real);
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toEqual({ accepted: real });
    } finally {
      await db.node.update({
        where: { id: row.id },
        data: { hostKeyFingerprint: real, hostKeyStatus: "pinned", seenHostKeyFingerprint: null },
      });
    }
    await healthyAgain("lb-02");
    expect((await node("lab", "lb-02")).hostKeyStatus).toBe("pinned");
    const events = await db.clusterEvent.findMany({ where: { clusterId, kind: "hostkey" } });
    expect(events.map((e) => e.message).join("\n")).toMatch(
      /host key changed; connection refused[\s\S]*accepted by test-admin/,
    );
  });

  it("shows HAProxy down, not an error, when the admin socket is missing", async () => {
    const moved = "/run/haproxy/admin.sock.hapair-test";
    try {
      expect(labExec("lb-02", ["mv", "/run/haproxy/admin.sock", moved]).code).toBe(0);
      const o = await until("lb-02 HAProxy down", 10_000, async () => {
        const seen = (await node("lab", "lb-02")).observation;
        return seen?.reachable && seen.haproxy && !seen.haproxy.running ? seen : null;
      });
      expect(o.haproxy?.error).toMatch(/admin\.sock/);
      const live = await lab.live("lab");
      expect(live?.status.reasons).toContain("lb-02: HAProxy is down");
      expect(live?.status.holder).toBe("lb-01");
    } finally {
      labExec("lb-02", ["mv", moved, "/run/haproxy/admin.sock"]);
    }
    await healthyAgain("lb-02");
  });
});
