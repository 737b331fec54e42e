/** The charts' raw insert stores rows exactly as Prisma would: same time text, so filters, order and pruning hold. */
import { beforeAll, describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { dialectOf } from "@/lib/db/dialect";

const { db } = await useTestDatabase("traffic-samples");
const { insertTrafficSamples, sqliteDateTime } = await import("./traffic-samples");

let nodeId = "";
beforeAll(async () => {
  const clusterId = await saveTestCluster(db);
  nodeId = (await db.node.findFirstOrThrow({ where: { clusterId } })).id;
});

describe("insertTrafficSamples", () => {
  it("writes any number of rows in one statement, stored as Prisma stores them", async () => {
    const t = Date.UTC(2026, 0, 1, 12, 0, 0, 7);
    await db.trafficSample.create({ data: { nodeId, step: 2, at: new Date(t), data: "{}" } });
    if (dialectOf(db) === "sqlite") {
      // SQLite keeps the time as text: the raw rows must use Prisma's exact form (PostgreSQL has a timestamp type).
      const [prismaRow] = await db.$queryRaw<
        { at: string }[]
      >`SELECT "at" || '' AS "at" FROM "TrafficSample"`;
      expect(sqliteDateTime(t)).toBe(prismaRow?.at);
    }
    const rows = [1, 2, 3].map((i) => ({ nodeId, step: 2, at: t + i * 2_000, data: `{"f:x":[${i},0,0,0]}` }));
    await insertTrafficSamples(db, rows);
    await insertTrafficSamples(db, []);
    const read = await db.trafficSample.findMany({
      where: { nodeId, step: 2, at: { gte: new Date(t + 1) } },
      orderBy: { at: "asc" },
    });
    expect(read.map((r) => [r.at.getTime(), r.data])).toEqual(rows.map((r) => [r.at, r.data]));
    const { count } = await db.trafficSample.deleteMany({ where: { at: { lt: new Date(t + 5_000) } } });
    expect(count).toBe(3); // the Prisma row and the first two raw ones
  });

  it("refuses a row of an unknown node, writing none of its batch", async () => {
    const before = await db.trafficSample.count();
    const rows = [nodeId, "no-such-node"].map((id) => ({ nodeId: id, step: 60, at: Date.now(), data: "{}" }));
    await expect(insertTrafficSamples(db, rows)).rejects.toThrow();
    expect(await db.trafficSample.count()).toBe(before);
  });
});
