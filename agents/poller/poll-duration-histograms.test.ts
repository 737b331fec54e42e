/** Poll-duration histograms on a database of their own: kept per node, written to the node rows in one statement. */
import { beforeAll, describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("poll-durations");
const { PollDurationHistograms } = await import("./poll-duration-histograms");
const { metricsSnapshot } = await import("@/lib/store/metrics-snapshot");

const nodeIds: Record<string, string> = {};

beforeAll(async () => {
  const clusterId = await saveTestCluster(db);
  for (const node of await db.node.findMany({ where: { clusterId } })) nodeIds[node.name] = node.id;
});

describe("poll-duration histograms", () => {
  it("keeps each node's poll durations and writes them to its row for /api/metrics, all nodes in one statement", async () => {
    const histograms = new PollDurationHistograms(db);
    histograms.observe(nodeIds["lb-01"] ?? "", 30);
    histograms.observe(nodeIds["lb-02"] ?? "", 700);
    histograms.observe(nodeIds["lb-01"] ?? "", 80);
    await histograms.flush();
    expect((await db.node.findUniqueOrThrow({ where: { id: nodeIds["lb-01"] } })).pollDurations).toBeNull(); // not due yet
    await histograms.flush(true);
    const nodes = (await metricsSnapshot(db)).clusters.flatMap((c) => c.nodes);
    expect(nodes.find((n) => n.name === "lb-01")?.pollDurations?.counts).toEqual([1, 1, 0, 0, 0, 0, 0, 0]);
    expect(nodes.find((n) => n.name === "lb-02")?.pollDurations?.sumSeconds).toBeCloseTo(0.7);
    histograms.forget(nodeIds["lb-02"] ?? "");
    histograms.observe(nodeIds["lb-01"] ?? "", 20);
    await histograms.flush(true);
    const row = await db.node.findUniqueOrThrow({ where: { id: nodeIds["lb-02"] } });
    expect(row.pollDurations).toMatchObject({ counts: [0, 0, 0, 0, 1, 0, 0, 0] }); // left as last written
  });
});
