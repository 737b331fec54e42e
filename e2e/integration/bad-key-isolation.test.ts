/**
 * One cluster's bad key is that cluster's state (lab): beside the test pair, clusters whose key file
 * is missing or outside the key folder show their nodes unreachable with the reason, while the real
 * pair keeps updating, before and after the poller restarts (it used to stop polling every cluster).
 */
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireInventory, testPair } from "@/e2e/lab/control";
import { labPairDefinition } from "@/e2e/lab/register";
import { clusterDefinitionSchema, type ClusterDefinition } from "@/lib/cluster/definition";
import { freshDatabaseFile, openMigratedDatabase } from "@/lib/db/__testing__/fresh-database";

const pair = testPair();
freshDatabaseFile(resolve("data", `test-bad-key-${pair.name}.db`));
const db = await openMigratedDatabase();
const { saveClusterRevision } = await import("@/lib/store/revisions");
const { getClusterLive } = await import("@/lib/store/cluster-live");
const { createSshPool } = await import("@/lib/ssh");
const { keyDirectory } = await import("@/lib/ssh/key-file");
const { startPollerService } = await import("@/agents/poller/poller-service");

const pool = createSshPool();
let service: { stop(): Promise<void> } | null = null;
const clusterIds: Record<string, string> = {};
const real = labPairDefinition(requireInventory(), pair);

/** The real pair under another name and VRID, reached with `identityFile`. */
const withKeyFile = (name: string, vrid: number, identityFile: string): ClusterDefinition =>
  clusterDefinitionSchema.parse({
    ...real,
    name,
    vrrp: { ...real.vrrp, virtualRouterId: vrid },
    nodes: real.nodes.map((n) => ({ ...n, ssh: { ...n.ssh, identityFile } })),
  });

const liveNodes = async (cluster: string) =>
  (await getClusterLive(db, clusterIds[cluster] ?? ""))?.nodes ?? [];
const newestAt = async (cluster: string) =>
  (await liveNodes(cluster)).map((n) => Date.parse(n.observation?.at ?? "0"));

async function expectIsolation(): Promise<void> {
  const reasons: Record<string, RegExp> = {
    "missing-key": /does not exist/,
    "outside-key": /outside the key folder/,
  };
  for (const [cluster, reason] of Object.entries(reasons)) {
    await expect
      .poll(
        async () =>
          (await liveNodes(cluster))
            .map((n) => `${n.observation?.reachable}:${n.observation?.error ?? ""}`)
            .join(" | "),
        { timeout: 30_000, interval: 500 },
      )
      .toMatch(new RegExp(`^false:.*${reason.source}.* \\| false:.*${reason.source}`));
  }
  await expect
    .poll(async () => (await liveNodes(pair.name)).every((n) => n.observation?.reachable === true), {
      timeout: 30_000,
      interval: 500,
    })
    .toBe(true);
  const before = await newestAt(pair.name);
  await expect
    .poll(async () => (await newestAt(pair.name)).every((at, i) => at > (before[i] ?? 0)), {
      timeout: 15_000,
      interval: 500,
    })
    .toBe(true);
}

beforeAll(async () => {
  const definitions = [
    real,
    withKeyFile("missing-key", 201, join(keyDirectory(), "no-such-key")),
    withKeyFile("outside-key", 202, "/etc/hostname"),
  ];
  for (const definition of definitions) {
    const saved = await saveClusterRevision(db, definition, "test");
    if (!saved.ok) throw new Error(saved.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    clusterIds[definition.name] = saved.clusterId;
  }
});

afterAll(async () => {
  await service?.stop();
  pool.closeAll();
  await db.$disconnect();
});

describe("a bad key file stays its cluster's problem (lab)", () => {
  it("shows the bad clusters' reasons while the real pair keeps updating, also after a restart", async () => {
    service = startPollerService(db, pool);
    await expectIsolation();
    await service.stop();
    pool.closeAll();
    service = startPollerService(db, pool);
    await expectIsolation();
  });
});
