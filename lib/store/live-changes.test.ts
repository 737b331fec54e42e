/** The live change feed on a database of its own: listeners hear of new observation rows and events, once per change. */
import { beforeAll, describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("live-changes");
const { createLiveChangeFeed } = await import("./live-changes");

let clusterId = "";
beforeAll(async () => {
  clusterId = await saveTestCluster(db);
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// Checks every 20 ms, but a loaded machine (or a database server's first connection) may take longer.
async function until(done: () => boolean, ms = 3_000): Promise<void> {
  for (const end = Date.now() + ms; !done() && Date.now() < end;) await sleep(20);
}

describe("live change feed", () => {
  it("tells every listener once per write, and stops checking when nobody listens", async () => {
    const feed = createLiveChangeFeed(db, 20);
    let a = 0;
    let b = 0;
    const offA = feed.subscribe(() => (a += 1));
    const offB = feed.subscribe(() => (b += 1));
    await sleep(300); // the first check only learns the current state
    expect([a, b]).toEqual([0, 0]);
    await db.clusterEvent.create({
      data: { clusterId, at: new Date(), kind: "vip", message: "lb-02 acquired VIP 10.0.0.100", data: {} },
    });
    await until(() => a > 0 && b > 0);
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
