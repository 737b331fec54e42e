/**
 * The poller with clusters whose keys cannot be used (encrypted and the node unreachable, a missing
 * key file, a key file outside the key folder, no key at all) beside a healthy cluster on a loopback
 * node: the process survives (an unhandled socket error used to end it), each bad node is
 * unreachable with its reason, the healthy cluster keeps being polled and the heartbeat keeps beating.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePair, FIXTURE_KEY_DIR } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";
import { clientKey, startHostileNode, type HostileNode } from "@/lib/ssh/__testing__/hostile-node";
import { createSshPool } from "@/lib/ssh";
import type { LoopHandle } from "../runtime/loop";

const { db } = await useTestDatabase("bad-keys");
let node: HostileNode;
const pool = createSshPool();
const loops: LoopHandle[] = [];
const clusterIds: Record<string, string> = {};

/** The article pair on other names and VRID, its nodes reached with `ssh`. */
const cluster = (name: string, vrid: number, ssh: Record<string, unknown>, fingerprint?: string) =>
  clusterDefinitionSchema.parse({
    ...articlePair,
    name,
    vrrp: { ...articlePair.vrrp, virtualRouterId: vrid },
    nodes: articlePair.nodes.map((n) => ({
      ...n,
      ssh: { host: "127.0.0.1", ...ssh },
      ...(fingerprint ? { hostKeyFingerprint: fingerprint } : {}),
    })),
  });

beforeAll(async () => {
  node = await startHostileNode({
    exec: (command) => (command.includes("monitor") ? "silent" : "run"),
    file: () => ({ kind: "text", text: "" }),
  });
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  // Saved past the save-time checks, like revisions saved before them or key files changed since.
  const definitions = [
    cluster("encrypted", 61, {
      port: 1,
      privateKey: readFileSync(join(FIXTURE_KEY_DIR, "encrypted"), "utf8"),
    }),
    cluster("missing-file", 62, { port: 1, identityFile: join(FIXTURE_KEY_DIR, "missing") }),
    cluster("outside", 63, { port: 1, identityFile: "/etc/passwd" }),
    cluster("no-key", 64, { port: 1 }),
    cluster("healthy", 65, { port: node.port, privateKey: clientKey() }, node.hostKey),
  ];
  for (const definition of definitions) {
    const saved = await saveClusterRevision(db, definition, "test");
    if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
    clusterIds[definition.name] = saved.clusterId;
  }
  const { startPollerService } = await import("./poller-service");
  const { startHeartbeat } = await import("../heartbeat");
  loops.push(startPollerService(db, pool), startHeartbeat(db));
}, 120_000);

afterAll(async () => {
  await Promise.allSettled(loops.map((loop) => loop.stop()));
  pool.closeAll();
  await node?.close();
});

async function newest(clusterName: string) {
  const nodes = await db.node.findMany({
    where: { clusterId: clusterIds[clusterName] },
    include: { observations: { orderBy: { at: "desc" }, take: 1 } },
  });
  return nodes.map((n) => {
    const row = n.observations[0];
    return {
      at: row?.at.getTime() ?? 0,
      reachable: row?.reachable ?? null,
      error: String((row?.data as { error?: unknown } | undefined)?.error ?? ""),
    };
  });
}

describe("clusters with unusable keys beside a healthy one", () => {
  it("shows each bad node's reason, keeps polling the healthy cluster, and the process and heartbeat live on", async () => {
    const reasons: Record<string, RegExp> = {
      encrypted: /key: .*encrypted keys are not supported/,
      "missing-file": /key: .*does not exist/,
      outside: /key: .*outside the key folder/,
      "no-key": /key: .*no SSH key configured/,
    };
    for (const [name, reason] of Object.entries(reasons)) {
      await expect
        .poll(async () => (await newest(name)).every((o) => o.reachable === false && reason.test(o.error)), {
          timeout: 30_000,
          interval: 500,
        })
        .toBe(true);
    }
    // Polled: readings are written for the healthy nodes (what the local probe script finds does not matter here).
    await expect
      .poll(async () => (await newest("healthy")).every((o) => o.at > 0), { timeout: 30_000, interval: 500 })
      .toBe(true);
    console.log(`[bad-keys] healthy: ${JSON.stringify(await newest("healthy"))}`);
    // Still going some polls later: the healthy nodes' readings move on, and so does the heartbeat.
    const before = await newest("healthy");
    const beat = (await db.agentHeartbeat.findFirst())?.beatAt.getTime() ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const after = await newest("healthy");
    after.forEach((o, i) => expect(o.at).toBeGreaterThan(before[i]?.at ?? 0));
    expect((await db.agentHeartbeat.findFirst())?.beatAt.getTime() ?? 0).toBeGreaterThan(beat);
  }, 90_000);
});
