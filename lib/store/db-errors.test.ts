/** Prisma refusals are told apart by code (and SQLite's own code under a trigger), never by message text. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "hapair-db-errors-"));
process.env.DATABASE_URL = `file:${join(dir, "errors.db")}`;

const { db } = await import("@/lib/db/client");
await (await import("@/lib/db/migrate")).migrateDatabase();
const { dbRefusal } = await import("./db-errors");

afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const refusalOf = (write: Promise<unknown>) => write.then(() => "written", dbRefusal);

describe("dbRefusal", () => {
  it("reads a unique constraint, a missing record and a slot trigger; anything else is not a refusal", async () => {
    const cluster = await db.cluster.create({ data: { name: "a" } });
    expect(await refusalOf(db.cluster.create({ data: { name: "a" } }))).toBe("unique");
    expect(await refusalOf(db.cluster.update({ where: { id: "none" }, data: { name: "b" } }))).toBe(
      "not-found",
    );
    await db.rollout.create({
      data: { clusterId: cluster.id, revision: 1, requestedBy: "t", activeKey: cluster.id },
    });
    const drill = db.drill.create({
      data: {
        clusterId: cluster.id,
        revision: 1,
        mode: "process",
        requestedBy: "t",
        problems: [],
        activeKey: cluster.id,
      },
    });
    expect(await refusalOf(drill)).toBe("trigger");
    expect(dbRefusal(new Error("Unique constraint failed"))).toBeNull();
  });
});
