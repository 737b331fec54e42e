/**
 * claimLeases: a plan's first rows and taken rows, one batch per kind. When another process created
 * one of the rows first (or its cluster is gone), the others are still created; a row that no longer
 * reads as it was seen is not taken, the rest are.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("leases");
const { claimLeases, createLease } = await import("./leases");

const TTL_MS = 30_000;
const at = new Date(1_000_000);
const ids: string[] = [];
beforeAll(async () => {
  for (const name of ["a", "b", "c", "d"]) ids.push((await db.cluster.create({ data: { name } })).id);
});

describe("claimLeases", () => {
  it("creates the plan's first rows row by row when one exists already, and takes only rows still as seen", async () => {
    const [first = "", second = "", third = "", fourth = ""] = ids;
    expect(await createLease(db, second, "other", at, TTL_MS)).toBe(true);
    const claimed = await claimLeases(
      db,
      { create: [first, second, "no-such-cluster"], take: [] },
      "me",
      at,
      TTL_MS,
    );
    expect(claimed).toEqual({ created: [true, false, false], taken: [] });

    await createLease(db, third, "gone", at, TTL_MS);
    await createLease(db, fourth, "gone", at, TTL_MS);
    const taken = await claimLeases(
      db,
      {
        create: [],
        take: [
          { clusterId: third, owner: "gone", version: 1 },
          { clusterId: fourth, owner: "gone", version: 0 },
        ],
      },
      "me",
      at,
      TTL_MS,
    );
    expect(taken).toEqual({ created: [], taken: [true, false] });
    const rows = await db.clusterLease.findMany({ orderBy: { clusterId: "asc" } });
    const owner = new Map(rows.map((r) => [r.clusterId, `${r.owner}@${r.version}`]));
    expect([first, second, third, fourth].map((id) => owner.get(id))).toEqual([
      "me@1",
      "other@1",
      "me@2",
      "gone@1",
    ]);
    expect(rows.find((r) => r.clusterId === third)?.expiresAt.getTime()).toBe(at.getTime() + TTL_MS);
  });
});
