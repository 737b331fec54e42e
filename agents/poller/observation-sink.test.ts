/**
 * The sink on a database of its own: poll results written together in one batch, a VIP change written
 * at once (taking any waiting poll results with it), timeline events in order, host-key verdicts.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { observed } from "@/lib/alerts/__fixtures__/cluster";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("sink");
const { ObservationSink } = await import("./observation-sink");
const { getClusterLive } = await import("@/lib/store/cluster-live");
const { getClusterTraffic } = await import("@/lib/store/traffic");

let clusterId = "";
const nodeIds: Record<string, string> = {};

beforeAll(async () => {
  clusterId = await saveTestCluster(db);
  for (const node of await db.node.findMany({ where: { clusterId } })) nodeIds[node.name] = node.id;
});

const rows = (name: string) =>
  db.nodeObservation.findMany({ where: { nodeId: nodeIds[name] }, orderBy: { id: "asc" } });

describe("observation sink", () => {
  it("writes both nodes' poll results in one batch, with their timeline events in order", async () => {
    let stateChanges = 0;
    const sink = new ObservationSink(db, { onStateChange: () => (stateChanges += 1) });
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

  it("writes nothing for a cluster this process does not own now (its lease fenced), and writes again once it does", async () => {
    let owned = false;
    const sink = new ObservationSink(db, { owns: () => owned });
    const nodeId = nodeIds["lb-02"] ?? "";
    const before = (await rows("lb-02")).length;
    const t0 = Date.now() + 30_000;
    await sink.record(clusterId, nodeId, observed("lb-02", t0, { nonlocalBind: false }), null);
    expect(await rows("lb-02")).toHaveLength(before);
    owned = true;
    await sink.record(clusterId, nodeId, observed("lb-02", t0 + 2_000, { nonlocalBind: false }), null);
    expect(await rows("lb-02")).toHaveLength(before + 1);
  });

  it("keeps one history row while a node is unchanged, moving its time; a change starts a new row", async () => {
    const sink = new ObservationSink(db);
    const nodeId = nodeIds["lb-01"] ?? "";
    const before = (await rows("lb-01")).length;
    const t0 = Date.now() + 60_000; // after the other tests' rows
    for (const t of [t0, t0 + 2_000, t0 + 4_000])
      await sink.record(clusterId, nodeId, observed("lb-01", t), null);
    expect((await rows("lb-01")).length).toBe(before + 1);
    expect((await rows("lb-01")).at(-1)?.at.getTime()).toBe(t0 + 4_000);
    const live = await getClusterLive(db, clusterId, new Date(t0 + 4_000));
    expect(live?.nodes.find((n) => n.name === "lb-01")?.observation?.at).toBe(
      new Date(t0 + 4_000).toISOString(),
    );
    await sink.record(clusterId, nodeId, observed("lb-01", t0 + 6_000, { nonlocalBind: false }), null);
    expect((await rows("lb-01")).length).toBe(before + 2);
    // A row gone from under the sink (pruned, database replaced) is written again, not lost.
    await db.nodeObservation.deleteMany({ where: { nodeId, at: new Date(t0 + 6_000) } });
    await sink.record(clusterId, nodeId, observed("lb-01", t0 + 8_000, { nonlocalBind: false }), null);
    expect((await rows("lb-01")).at(-1)?.at.getTime()).toBe(t0 + 8_000);
  });

  it("moves an unchanged row once for two polls in one batch, with the newest advert counters (or none)", async () => {
    const sink = new ObservationSink(db, { batchMs: 300 });
    const nodeId = nodeIds["lb-02"] ?? "";
    const t0 = Date.now() + 90_000;
    const window = (sent: number) => ({
      vrid: 51,
      at: t0,
      long: { ms: 10_000, sent, received: 0 },
      short: { ms: 2_000, sent, received: 0 },
    });
    const poll = (t: number, adverts?: ReturnType<typeof window>[]) =>
      observed("lb-02", t, { nonlocalBind: false, ...(adverts ? { adverts } : {}) });
    await sink.record(clusterId, nodeId, poll(t0, [window(1)]), null);
    const before = (await rows("lb-02")).length;
    // Both within the batch's 300 ms: one statement moves the row from t0 to the second poll's time.
    await Promise.all([
      sink.record(clusterId, nodeId, poll(t0 + 2_000, [window(2)]), null),
      sink.record(clusterId, nodeId, poll(t0 + 4_000, [window(3)]), null),
    ]);
    const moved = (await rows("lb-02")).at(-1);
    expect(await rows("lb-02")).toHaveLength(before);
    expect(moved?.at.getTime()).toBe(t0 + 4_000);
    expect(moved?.adverts).toEqual([window(3)]);
    await sink.record(clusterId, nodeId, poll(t0 + 6_000), null);
    const cleared = (await rows("lb-02")).at(-1);
    expect([cleared?.at.getTime(), cleared?.adverts]).toEqual([t0 + 6_000, null]);
  });

  it("writes the other nodes' results when a node is deleted while its poll result waits in the batch", async () => {
    const sink = new ObservationSink(db);
    const gone = await db.node.create({ data: { clusterId, name: "lb-gone" } });
    const at = Date.now() + 120_000;
    const before = (await rows("lb-02")).length;
    const writes = Promise.all([
      sink.record(clusterId, gone.id, observed("lb-gone", at), null),
      sink.record(clusterId, nodeIds["lb-02"] ?? "", observed("lb-02", at, { nonlocalBind: false }), null),
    ]);
    await db.node.delete({ where: { id: gone.id } }); // before the 100 ms batch window closes
    await writes;
    expect((await rows("lb-02")).length).toBe(before + 1);
    expect((await rows("lb-02")).at(-1)?.at.getTime()).toBe(at);
  });

  it("writes a VIP change at once, and a poll result waiting in the batch with it", async () => {
    // A batch time far past the test's own: the waiting poll is written only if the VIP change starts it.
    const sink = new ObservationSink(db, { batchMs: 60_000 });
    const earlier = sink.record(clusterId, nodeIds["lb-02"] ?? "", observed("lb-02", Date.now()), null);
    const poll = sink.record(clusterId, nodeIds["lb-01"] ?? "", observed("lb-01", Date.now()), null);
    const started = Date.now();
    const written = await sink.recordAddressChange(
      clusterId,
      nodeIds["lb-02"] ?? "",
      { kind: "added", address: "10.0.0.100", prefixLength: 24, interfaceName: "eth0", family: "inet" },
      ["10.0.0.100"],
    );
    expect(written).toBe(true);
    await Promise.all([earlier, poll]);
    expect(Date.now() - started).toBeLessThan(30_000);
    const latest = (await rows("lb-02")).at(-1)?.data as { vipsHeld: string[] };
    expect(latest.vipsHeld).toEqual(["10.0.0.100"]);
    const events = await db.clusterEvent.findMany({ where: { clusterId }, orderBy: { id: "asc" } });
    expect(events.at(-1)?.message).toMatch(/lb-02.*acquired VIP/);
  });

  it("writes the charts' points with the poll results, read back with the VIP moves marked", async () => {
    const sink = new ObservationSink(db);
    const nodeId = nodeIds["lb-01"] ?? "";
    const t0 = Date.now() - 10_000;
    const reading = (at: number, requests: number) => ({
      at,
      epoch: "1",
      proxies: [{ key: "f:http", sessions: 2, requests, http4xx: 0, http5xx: 0 }],
    });
    for (const [i, t] of [t0, t0 + 2_000, t0 + 4_000].entries())
      await sink.record(clusterId, nodeId, observed("lb-01", t), null, t, reading(t, i * 100));
    expect(await db.trafficSample.count({ where: { nodeId } })).toBe(0); // waiting to be written together
    await sink.traffic.flush(true);
    const traffic = await getClusterTraffic(db, clusterId, "15m");
    expect(traffic?.nodes.find((n) => n.name === "lb-01")?.points.map((p) => p.values["f:http"])).toEqual([
      [50, 2, 0, 0],
      [50, 2, 0, 0],
    ]);
    expect(traffic?.marks.some((m) => m.kind === "vip" && /acquired VIP/.test(m.label))).toBe(true);
  });

  it("joins each poll's duration to its node's histogram", async () => {
    const sink = new ObservationSink(db);
    const at = Date.now();
    await sink.record(clusterId, nodeIds["lb-01"] ?? "", observed("lb-01", at), null, at, null, 30);
    await sink.pollDurations.flush(true);
    const row = await db.node.findUniqueOrThrow({ where: { id: nodeIds["lb-01"] } });
    expect(row.pollDurations).toMatchObject({ counts: [1, 0, 0, 0, 0, 0, 0, 0] });
  });
});
