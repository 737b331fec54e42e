/** The newest-observation reader shared by the overview and the alert evaluator: newest row per node, parsed once per row. */
import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/generated/prisma/client";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { holding, nodeObservation } from "@/lib/status/__fixtures__/observation";

const { db } = await useTestDatabase("newest-observations");
const { NewestObservationReader } = await import("./newest-observations");

let nodes: { id: string; name: string }[] = [];
const T0 = Date.parse("2026-12-01T10:00:00Z");
const at = (s: number) => new Date(T0 + s * 1_000);
const adverts = (sent: number) => [
  {
    vrid: 51,
    at: T0,
    long: { ms: 30_000, sent, received: sent },
    short: { ms: 2_000, sent: 2, received: 2 },
  },
];

async function row(node: string, seconds: number, data: unknown, advertsColumn?: unknown): Promise<number> {
  const nodeId = nodes.find((n) => n.name === node)?.id ?? "";
  const created = await db.nodeObservation.create({
    data: {
      nodeId,
      at: at(seconds),
      reachable: true,
      data: data as Prisma.InputJsonValue,
      ...(advertsColumn ? { adverts: advertsColumn as Prisma.InputJsonValue } : {}),
    },
  });
  return created.id;
}

beforeAll(async () => {
  const clusterId = await saveTestCluster(db);
  nodes = await db.node.findMany({ where: { clusterId }, select: { id: true, name: true } });
});

describe("NewestObservationReader", () => {
  it("reads each node's newest row, parses a row once, and reads its moved time and adverts fresh", async () => {
    const reader = new NewestObservationReader();
    await row("lb-01", 0, nodeObservation("lb-01"));
    const newest = await row("lb-01", 2, nodeObservation("lb-01", holding("10.0.0.100")), adverts(15));
    const first = await reader.read(db, nodes, { adverts: true });
    expect(first.get(nodes.find((n) => n.name === "lb-01")?.id ?? "")).toMatchObject({
      vipsHeld: ["10.0.0.100"],
      at: at(2).toISOString(),
      adverts: adverts(15),
    });
    // lb-02 was never polled.
    expect(first.size).toBe(1);
    expect(reader.parsed).toBe(1);

    // The sink moves an unchanged node's row on: time and counters change, the state is the cached one.
    await db.nodeObservation.update({ where: { id: newest }, data: { at: at(4), adverts: adverts(16) } });
    const moved = [...(await reader.read(db, nodes, { adverts: true })).values()][0];
    expect(moved).toMatchObject({ at: at(4).toISOString(), adverts: adverts(16), vipsHeld: ["10.0.0.100"] });
    expect(reader.parsed).toBe(1);
    // Without `adverts` (the overview) the counters are left out.
    expect([...(await reader.read(db, nodes)).values()][0]?.adverts).toBeUndefined();

    // A new state is a new row: parsed once.
    await row("lb-01", 6, nodeObservation("lb-01"));
    const changed = [...(await reader.read(db, nodes, { adverts: true })).values()][0];
    expect(changed).toMatchObject({ vipsHeld: [], at: at(6).toISOString() });
    expect(changed?.adverts).toBeUndefined();
    expect(reader.parsed).toBe(2);
  });

  it("takes the later written of two rows at the same time, and reads an unreadable row as the node unreachable", async () => {
    const reader = new NewestObservationReader();
    const lb02 = nodes.find((n) => n.name === "lb-02")?.id ?? "";
    await row("lb-02", 10, nodeObservation("lb-02"));
    await row("lb-02", 10, { reachable: "yes" });
    const read = (await reader.read(db, nodes)).get(lb02);
    expect(read).toMatchObject({ node: "lb-02", reachable: false, at: at(10).toISOString() });
    expect(read?.error).toMatch(/observation/);
  });
});
