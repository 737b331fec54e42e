/**
 * The sink on a database of its own: poll results written together in one batch, a VIP change written
 * at once (taking any waiting poll results with it), timeline events in order, host-key verdicts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { observed } from "@/lib/alerts/__fixtures__/cluster";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";

const dir = mkdtempSync(join(tmpdir(), "hapair-sink-"));
process.env.DATABASE_URL = `file:${join(dir, "sink.db")}`;
process.env.HAPAIR_SECRET_KEY_FILE = join(dir, "secret.key");

const { db } = await import("@/lib/db/client");
const { migrateDatabase } = await import("@/lib/db/migrate");
const { saveClusterRevision } = await import("@/lib/store/revisions");
const { ObservationSink } = await import("./observation-sink");

let clusterId = "";
const nodeIds: Record<string, string> = {};

beforeAll(async () => {
  await migrateDatabase();
  const saved = await saveClusterRevision(db, clusterDefinitionSchema.parse(articlePair), "test");
  if (!saved.ok) throw new Error("cannot save the article pair");
  clusterId = saved.clusterId;
  for (const node of await db.node.findMany({ where: { clusterId } })) nodeIds[node.name] = node.id;
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const rows = (name: string) => db.nodeObservation.findMany({ where: { nodeId: nodeIds[name] }, orderBy: { id: "asc" } });

describe("observation sink", () => {
  it("writes both nodes' poll results in one batch, with their timeline events in order", async () => {
    let stateChanges = 0;
    const sink = new ObservationSink(db, () => (stateChanges += 1));
    const at = Date.now();
    const started = Date.now();
    await Promise.all([
      sink.record(clusterId, nodeIds["lb-01"] ?? "", observed("lb-01", at), null),
      sink.record(clusterId, nodeIds["lb-02"] ?? "", observed("lb-02", at), null),
    ]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90); // waited for the batch window
    expect((await rows("lb-01")).map((r) => r.reachable)).toEqual([true]);
    expect((await rows("lb-02")).map((r) => r.reachable)).toEqual([true]);
    const first = await db.nodeObservation.findFirst({ where: { nodeId: nodeIds["lb-01"] } });
    const second = await db.nodeObservation.findFirst({ where: { nodeId: nodeIds["lb-02"] } });
    expect(Math.abs((second?.id ?? 0) - (first?.id ?? 0))).toBe(1); // one INSERT
    expect(stateChanges).toBe(1);
  });

  it("writes a VIP change at once, and a poll result waiting in the batch with it", async () => {
    const sink = new ObservationSink(db);
    await sink.record(clusterId, nodeIds["lb-02"] ?? "", observed("lb-02", Date.now()), null);
    const poll = sink.record(clusterId, nodeIds["lb-01"] ?? "", observed("lb-01", Date.now()), null);
    const started = Date.now();
    const written = await sink.recordAddressChange(clusterId, nodeIds["lb-02"] ?? "", { kind: "added", address: "10.0.0.100", prefixLength: 24, interfaceName: "eth0", family: "inet" }, ["10.0.0.100"]);
    expect(written).toBe(true);
    await poll;
    expect(Date.now() - started).toBeLessThan(90);
    const latest = (await rows("lb-02")).at(-1)?.data as { vipsHeld: string[] };
    expect(latest.vipsHeld).toEqual(["10.0.0.100"]);
    const events = await db.clusterEvent.findMany({ where: { clusterId }, orderBy: { id: "asc" } });
    expect(events.at(-1)?.message).toMatch(/lb-02.*acquired VIP/);
  });
});
