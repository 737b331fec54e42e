/** The overview's read: the newest observation per node, status and last change, in a fixed number of queries. */
import { beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import type { Prisma } from "@/generated/prisma/client";
import type { Database } from "@/lib/db/client";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { holding, nodeObservation } from "@/lib/status/__fixtures__/observation";
import type { NodeObservation } from "@/lib/status/observation";
import { counting } from "./__testing__/counting";

const { db } = await useTestDatabase("cluster-summaries");
const { listClusterSummaries } = await import("./clusters");

const pair = (name: string, vrid: number, net: number) => ({
  ...articlePair,
  name,
  vips: [{ address: `10.${net}.0.100`, prefix: 24, interface: "eth0" }],
  vrrp: { ...articlePair.vrrp, virtualRouterId: vrid },
  nodes: articlePair.nodes.map((node, i) => ({
    ...node,
    address: `10.${net}.0.${11 + i}`,
    ssh: { ...node.ssh, host: `10.${net}.0.${11 + i}` },
  })),
});

async function observe(clusterId: string, node: string, at: Date, observation: NodeObservation) {
  const row = await db.node.findFirstOrThrow({ where: { clusterId, name: node } });
  await db.nodeObservation.create({
    data: {
      nodeId: row.id,
      at,
      reachable: observation.reachable,
      data: { ...observation, at: at.toISOString() } as unknown as Prisma.InputJsonValue,
    },
  });
}

const ids: string[] = [];
beforeAll(async () => {
  for (let i = 1; i <= 3; i += 1) ids.push(await saveTestCluster(db, pair(`pair-${i}`, i, i)));
  const now = Date.now();
  const [one, two] = ids;
  if (!one || !two) throw new Error("clusters not saved");
  // pair-1: lb-01 held the VIP a minute ago; its newest row says lb-02 holds it too: split-brain.
  await observe(one, "lb-01", new Date(now - 60_000), nodeObservation("lb-01", holding("10.1.0.100")));
  await observe(one, "lb-01", new Date(now - 500), nodeObservation("lb-01", holding("10.1.0.100")));
  await observe(one, "lb-02", new Date(now - 60_000), nodeObservation("lb-02"));
  await observe(one, "lb-02", new Date(now - 400), nodeObservation("lb-02", holding("10.1.0.100")));
  // pair-2: healthy now, after an event.
  await observe(two, "lb-01", new Date(now - 300), nodeObservation("lb-01", holding("10.2.0.100")));
  await observe(two, "lb-02", new Date(now - 300), nodeObservation("lb-02"));
  await db.clusterEvent.create({
    data: { clusterId: two, at: new Date(now + 60_000), kind: "vip", message: "lb-01 acquired VIP" },
  });
});

describe("cluster summaries", () => {
  it("reads each node's newest observation: status, holder, reason, addresses, last change", async () => {
    const summaries = await listClusterSummaries(db);
    expect(summaries.map((s) => [s.name, s.health, s.holder])).toEqual([
      ["pair-1", "split-brain", null],
      ["pair-2", "healthy", "lb-01"],
      ["pair-3", "unknown", null],
    ]);
    const [one, two, three] = summaries;
    expect(one?.reason).toBe("VIP held by lb-01 and lb-02");
    expect(three?.reason).toBe("no fresh observation of any node");
    expect(two?.nodes.map((n) => [n.name, n.address, n.sshHost])).toEqual([
      ["lb-01", "10.2.0.11", "10.2.0.11"],
      ["lb-02", "10.2.0.12", "10.2.0.12"],
    ]);
    expect(two?.vips).toEqual(["10.2.0.100"]);
    expect(Date.parse(two?.lastChangeAt ?? "")).toBeGreaterThan(Date.now());
    expect(three?.lastChangeAt).toBe(three?.updatedAt);
  });

  it("takes the same number of queries for 3 clusters as for 13 (no query per cluster or node)", async () => {
    const few = counting(db);
    await listClusterSummaries(few.db);
    for (let i = 4; i <= 13; i += 1) await saveTestCluster(db, pair(`pair-${i}`, i, i));
    const many = counting(db);
    expect(await listClusterSummaries(many.db)).toHaveLength(13);
    expect(many.operations()).toBeLessThanOrEqual(few.operations() + 1);
    expect(many.operations()).toBeLessThanOrEqual(6);
  });

  it("keeps a node whose newest row's time moves forward between its queries (as the sink does)", async () => {
    const clusterId = ids[1] ?? "";
    const nodes = await db.node.findMany({ where: { clusterId }, select: { id: true } });
    const now = Date.now();
    await db.nodeObservation.updateMany({
      where: { nodeId: { in: nodes.map((n) => n.id) } },
      data: { at: new Date(now) },
    });
    const lb01 = await db.node.findFirstOrThrow({ where: { clusterId, name: "lb-01" } });
    let moved = 0;
    const racing = db.$extends({
      query: {
        nodeObservation: {
          findMany: async ({ args, query }) => {
            // Between finding the newest rows' ids and reading them, the sink moves lb-01's row on.
            if (args.select?.at && moved < 1) {
              moved += 1;
              await db.nodeObservation.updateMany({
                where: { nodeId: lb01.id, at: new Date(now + moved - 1) },
                data: { at: new Date(now + moved) },
              });
            }
            return query(args);
          },
        },
      },
    }) as unknown as Database;
    const two = (await listClusterSummaries(racing, new Date(now + 1_000))).find((s) => s.id === clusterId);
    expect([two?.health, two?.holder]).toEqual(["healthy", "lb-01"]);
    expect(moved).toBe(1);
  });
});
