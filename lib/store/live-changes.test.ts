/** The live change feed on a database of its own: listeners hear of new observation rows and events, once per change. */
import { beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("live-changes");
const { saveClusterRevision } = await import("@/lib/store/revisions");
const { createLiveChangeFeed } = await import("./live-changes");

let clusterId = "";
beforeAll(async () => {
  const saved = await saveClusterRevision(db, clusterDefinitionSchema.parse(articlePair), "test");
  if (!saved.ok) throw new Error("cannot save the article pair");
  clusterId = saved.clusterId;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("live change feed", () => {
  it("tells every listener once per write, and stops checking when nobody listens", async () => {
    const feed = createLiveChangeFeed(db, 20);
    let a = 0;
    let b = 0;
    const offA = feed.subscribe(() => (a += 1));
    const offB = feed.subscribe(() => (b += 1));
    await sleep(60); // the first check only learns the current state
    expect([a, b]).toEqual([0, 0]);
    await db.clusterEvent.create({
      data: { clusterId, at: new Date(), kind: "vip", message: "lb-02 acquired VIP 10.0.0.100", data: {} },
    });
    await sleep(80);
    expect([a, b]).toEqual([1, 1]);
    offA();
    offB();
    await db.clusterEvent.create({
      data: { clusterId, at: new Date(), kind: "vip", message: "lb-01 acquired VIP 10.0.0.100", data: {} },
    });
    await sleep(80);
    expect([a, b]).toEqual([1, 1]);
  });
});
