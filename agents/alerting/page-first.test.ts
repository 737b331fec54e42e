/**
 * The notifier on a database of its own: 200 backend pages queued to a webhook that takes 400 ms per
 * answer, then one split-brain page. The split-brain goes out at once, in its own lane, while the
 * flood is still being worked (in one shared queue it waited for the 200 ahead of it: 26.8 s measured).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

process.env.HAPAIR_OUTBOUND_ALLOW = "127.0.0.1/32"; // the slow receiver below

const { db } = await useTestDatabase("page-first");
const { saveClusterRevision } = await import("@/lib/store/revisions");
const { saveChannel } = await import("@/lib/store/notification-channels");
const { clusterDefinitionSchema } = await import("@/lib/cluster/definition");
const { startNotifier } = await import("./notifier");

const FLOOD = 200;
const received: { at: number; rule: string }[] = [];
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { rule: string };
    setTimeout(() => {
      received.push({ at: Date.now(), rule: body.rule });
      response.writeHead(204).end();
    }, 400);
  });
});
let clusterId = "";
let channelId = 0;

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const saved = await saveClusterRevision(db, clusterDefinitionSchema.parse(articlePair), "test");
  if (!saved.ok) throw new Error("cluster not saved");
  clusterId = saved.clusterId;
  const channel = await saveChannel(
    db,
    {
      kind: "webhook",
      name: "slow",
      enabled: true,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    },
    "test",
  );
  if (!channel.ok) throw new Error("channel not saved");
  channelId = channel.channel.id;
}, 60_000);

afterAll(async () => {
  server.close();
});

const firing = (rule: string, key: string) =>
  db.alertIncident.create({
    data: {
      clusterId,
      rule,
      key,
      severity: "critical",
      state: "firing",
      summary: `${rule} ${key}`,
      since: new Date(),
      firedAt: new Date(),
      evidence: {},
      notifications: { create: [{ channelId, event: "fire" }] },
    },
  });

describe("page-first lane", () => {
  it("sends a split-brain page ahead of a queued flood", async () => {
    for (let i = 0; i < FLOOD; i++) await firing("backends", `be_${i}:no-server`);
    await firing("split-brain", "split-brain");
    const started = Date.now();
    const notifier = startNotifier(db);
    try {
      const deadline = Date.now() + 30_000;
      while (!received.some((r) => r.rule === "split-brain") && Date.now() < deadline)
        await new Promise((done) => setTimeout(done, 20));
      const page = received.find((r) => r.rule === "split-brain");
      console.log(
        `[page-first] split-brain page ${page ? page.at - started : "none"} ms after the notifier started, ${received.length - 1} of ${FLOOD} flood pages before it`,
      );
      // Before the lane: 26.8 s, after all 200 (8 in flight × 400 ms); after: 1.6 s.
      expect(page?.at ?? Infinity).toBeLessThan(started + 4_000);
      expect(received.filter((r) => r.rule === "backends").length).toBeLessThan(FLOOD / 4);
    } finally {
      await notifier.stop();
    }
  }, 60_000);
});
