/**
 * Prisma refusals are told apart by code (and the database's own code under a trigger), never by
 * message text; on SQLite and (HAPAIR_TEST_DATABASE=postgres) on PostgreSQL.
 */
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("db-errors");
const { dbRefusal, isForeignKeyViolation } = await import("./db-errors");

const drillHolding = (clusterId: string) => ({
  data: { clusterId, revision: 1, mode: "process", requestedBy: "t", problems: [], activeKey: clusterId },
});
const rolloutHolding = (clusterId: string) => ({
  data: { clusterId, revision: 1, requestedBy: "t", activeKey: clusterId },
});
const refusalOf = (write: Promise<unknown>) => write.then(() => "written", dbRefusal);

describe("dbRefusal", () => {
  it("reads a unique constraint, a missing record and a slot trigger; anything else is not a refusal", async () => {
    const cluster = await db.cluster.create({ data: { name: "a" } });
    expect(await refusalOf(db.cluster.create({ data: { name: "a" } }))).toBe("unique");
    expect(await refusalOf(db.cluster.update({ where: { id: "none" }, data: { name: "b" } }))).toBe(
      "not-found",
    );
    await db.rollout.create(rolloutHolding(cluster.id));
    const drill = db.drill.create(drillHolding(cluster.id));
    expect(await refusalOf(drill)).toBe("trigger");
    expect(dbRefusal(new Error("Unique constraint failed"))).toBeNull();
  });

  it("tells a row of a deleted parent from a slot trigger", async () => {
    const cluster = await db.cluster.create({ data: { name: "fk" } });
    const orphan = await db.node.create({ data: { clusterId: "gone", name: "n" } }).catch((e: unknown) => e);
    expect(isForeignKeyViolation(orphan)).toBe(true);
    expect(dbRefusal(orphan)).toBeNull();
    await db.drill.create(drillHolding(cluster.id));
    const rollout = await db.rollout.create(rolloutHolding(cluster.id)).catch((e: unknown) => e);
    expect(dbRefusal(rollout)).toBe("trigger");
    expect(isForeignKeyViolation(rollout)).toBe(false);
  });
});
