/** The charts' points on a database of their own: written together when due, pruned by age per step. */
import { beforeAll, describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("traffic-points");
const { TrafficPoints } = await import("./traffic-points");

let nodeId = "";

beforeAll(async () => {
  const clusterId = await saveTestCluster(db);
  nodeId = (await db.node.findFirstOrThrow({ where: { clusterId } })).id;
});

const reading = (at: number, requests: number) => ({
  at,
  epoch: "1",
  proxies: [{ key: "f:http", sessions: 2, requests, http4xx: 0, http5xx: 0 }],
});

describe("traffic points", () => {
  it("waits to write the points together, then writes them all in one go", async () => {
    const points = new TrafficPoints(db);
    // 10 s into the last whole minute: the three polls stay within one minute (one that crosses a
    // minute's end also writes that minute's 60 s point, and failed this test once in a fresh run).
    const t0 = Math.floor(Date.now() / 60_000) * 60_000 - 50_000;
    for (const [i, t] of [t0, t0 + 2_000, t0 + 4_000].entries()) points.add(nodeId, reading(t, i * 100));
    await points.flush();
    expect(await db.trafficSample.count({ where: { nodeId } })).toBe(0); // not due yet
    await points.flush(true);
    const rows = await db.trafficSample.findMany({ where: { nodeId }, orderBy: { at: "asc" } });
    expect(rows.map((r) => [r.step, r.at.getTime(), JSON.parse(r.data) as unknown])).toEqual([
      [2, t0 + 2_000, { "f:http": [50, 2, 0, 0] }],
      [2, t0 + 4_000, { "f:http": [50, 2, 0, 0] }],
    ]);
  });

  it("prunes old points at its first write, not only a minute after start", async () => {
    const points = new TrafficPoints(db);
    const now = Date.now();
    await db.trafficSample.create({
      data: { nodeId, step: 2, at: new Date(now - 2 * 60 * 60_000), data: "{}" },
    });
    points.add(nodeId, reading(now - 2_000, 0));
    points.add(nodeId, reading(now, 100));
    await points.flush(true);
    const left = await db.trafficSample.findMany({
      where: { nodeId, at: { lt: new Date(now - 60 * 60_000) } },
    });
    expect(left).toEqual([]);
  });

  it("prunes points past their step's keep time: 2 s points after an hour, minute points after a week", async () => {
    const points = new TrafficPoints(db);
    const now = Date.now();
    const old = new Date(now - 2 * 60 * 60_000);
    await db.trafficSample.deleteMany({});
    await db.trafficSample.createMany({
      data: [
        { nodeId, step: 2, at: old, data: "{}" },
        { nodeId, step: 60, at: old, data: "{}" },
        { nodeId, step: 2, at: new Date(now - 1_000), data: "{}" },
      ],
    });
    await points.prune(now);
    expect(await db.trafficSample.count({ where: { nodeId, step: 2 } })).toBe(1);
    expect(await db.trafficSample.count({ where: { nodeId, step: 60 } })).toBe(1);
  });
});
