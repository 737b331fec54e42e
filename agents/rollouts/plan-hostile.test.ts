/**
 * A rollout plan against a hostile node (an ssh2 server on loopback serving an endless file): the
 * plan fails with the reason within its time, the process stays small, and a plan a dead process
 * left half-done fails at the next start instead of being read again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { validateDefinition } from "@/lib/cluster/definition";
import { clientKey, startHostileNode, type HostileNode } from "@/lib/ssh/__testing__/hostile-node";
import { createSshPool } from "@/lib/ssh";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("plan-hostile");
let store: typeof import("@/lib/store/rollouts");
let service: typeof import("./service");
let node: HostileNode;
let clusterId = "";
const pool = createSshPool();

beforeAll(async () => {
  store = await import("@/lib/store/rollouts");
  service = await import("./service");
  // The probe script runs here (a reachable node); every file read over SFTP is endless.
  node = await startHostileNode({ exec: () => "run", file: () => ({ kind: "endless" }) });
  const key = clientKey();
  const parsed = validateDefinition({
    ...articlePair,
    nodes: articlePair.nodes.map((n) => ({
      ...n,
      ssh: { host: "127.0.0.1", port: node.port, privateKey: key },
      hostKeyFingerprint: node.hostKey,
    })),
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  const saved = await saveClusterRevision(db, parsed.definition, "test");
  if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
  clusterId = saved.clusterId;
}, 120_000);

afterAll(async () => {
  pool.closeAll();
  await node?.close();
});

describe("planning against a node that serves an endless file", () => {
  it("ends plan-failed with the reason, in time, with the process's memory bounded", async () => {
    const requested = await store.requestRolloutPlan(db, clusterId, { revision: 1 }, "test");
    if (!requested.ok) throw new Error(JSON.stringify(requested));
    const id = requested.rollout.id;
    const worker = service.rolloutWorker(db, pool, new AbortController().signal);
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = Date.now();
    await worker.pass();
    await worker.idle();
    clearInterval(sampler);
    const rollout = await store.getRollout(db, id);
    console.log(
      `[plan-hostile] plan ended ${rollout?.status} after ${Date.now() - started} ms; peak RSS ${(peak / 1024 ** 2).toFixed(0)} MiB; node served ${(node.stats.bytesServed / 1024 ** 2).toFixed(0)} MiB`,
    );
    expect(rollout?.status).toBe("plan-failed");
    expect(rollout?.error).toMatch(/larger than \d+ bytes/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(peak).toBeLessThan(1024 ** 3);
  }, 60_000);

  it("fails a plan an earlier agents process claimed and never finished, at the next start", async () => {
    const requested = await store.requestRolloutPlan(db, clusterId, { revision: 1 }, "test");
    if (!requested.ok) throw new Error(JSON.stringify(requested));
    // The earlier process claimed it, then died while reading the nodes.
    expect((await store.nextPlanning(db))?.id).toBe(requested.rollout.id);
    expect(await store.nextPlanning(db)).toBeNull();
    const worker = service.rolloutWorker(db, pool, new AbortController().signal);
    await worker.pass();
    await worker.idle();
    const rollout = await store.getRollout(db, requested.rollout.id);
    expect(rollout?.status).toBe("plan-failed");
    expect(rollout?.error).toMatch(/stopped while reading the nodes/);
  });
});
