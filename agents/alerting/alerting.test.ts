/**
 * The evaluator and the notifier together on a database of their own (no lab): observations written
 * as the poller writes them, a webhook receiver on loopback. One page per incident, retries with
 * backoff recorded attempt by attempt, "resolved" after "firing", silences honoured, API acks audited.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { holding, observed } from "@/lib/alerts/__fixtures__/cluster";
import type { NodeObservation } from "@/lib/status/observation";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

process.env.HAPAIR_OUTBOUND_ALLOW = "127.0.0.1/32"; // the receiver below; anything else on loopback stays refused

const { db } = await useTestDatabase("alerting");
const { saveClusterRevision } = await import("@/lib/store/revisions");
const { saveChannel } = await import("@/lib/store/notification-channels");
const { startAlerting } = await import("./service");
const { cookieFor } = await import("@/lib/auth/__fixtures__/test-sessions");
const acknowledgeRoute = await import("@/app/api/alerts/[id]/acknowledge/route");
const channelsRoute = await import("@/app/api/notification-channels/route");
const sendTestRoute = await import("@/app/api/notification-channels/[id]/test/route");

const received: { at: number; event: string; rule: string; drill: unknown }[] = [];
let failNext = 0;
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    if (failNext > 0) {
      failNext -= 1;
      response.writeHead(503).end("try later");
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
      event: string;
      rule: string;
      drill: unknown;
    };
    received.push({ at: Date.now(), event: body.event, rule: body.rule, drill: body.drill });
    response.writeHead(200).end("ok");
  });
});
let clusterId = "";
let nodeIds: Record<string, string> = {};
let loops: { stop(): Promise<void> }[] = [];

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null> | T | null,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
async function observe(...observations: NodeObservation[]) {
  for (const o of observations)
    await db.nodeObservation.create({
      data: { nodeId: nodeIds[o.node] ?? "", at: new Date(o.at), reachable: o.reachable, data: o as object },
    });
}
/** Keeps writing the given pair state every 300 ms, as polls do, until the returned stop is called. */
function keepObserving(state: (now: number) => NodeObservation[]): () => Promise<void> {
  let running = true;
  const done = (async () => {
    while (running) {
      await observe(...state(Date.now()));
      await sleep(300);
    }
  })();
  return async () => {
    running = false;
    await done;
  };
}
const healthy = (now: number) => [observed("lb-01", now), observed("lb-02", now)];

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const definition = { ...articlePair, alerting: { hold: { splitBrain: 1, haDegraded: 0 } } };
  const saved = await saveClusterRevision(
    db,
    (await import("@/lib/cluster/definition")).clusterDefinitionSchema.parse(definition),
    "test",
  );
  if (!saved.ok) throw new Error("cluster not saved");
  clusterId = saved.clusterId;
  nodeIds = Object.fromEntries((await db.node.findMany({ where: { clusterId } })).map((n) => [n.name, n.id]));
  const channel = await saveChannel(db, { kind: "webhook", name: "receiver", enabled: true, url }, "test");
  if (!channel.ok) throw new Error("channel not saved");
  await observe(...healthy(Date.now()));
  const { evaluator, notifier } = startAlerting(db);
  loops = [evaluator, notifier];
}, 60_000);

afterAll(async () => {
  await Promise.all(loops.map((loop) => loop.stop()));
  server.close();
});

describe("alerting agents", () => {
  it("pages a split-brain once after its hold, retries a failed delivery with backoff, and sends resolved", async () => {
    failNext = 1;
    const started = Date.now();
    const stop = keepObserving((now) => [holding("lb-01", now), holding("lb-02", now)]);
    const fire = await until(
      "fire page",
      10_000,
      () => received.find((r) => r.event === "fire" && r.rule === "split-brain") ?? null,
    );
    // Held 1 s, then the first attempt failed (503) and the retry came about 1 s later.
    expect(fire.at - started).toBeGreaterThanOrEqual(1_900);
    await sleep(1_500);
    await stop();
    expect(received.filter((r) => r.rule === "split-brain")).toHaveLength(1);
    expect(fire.drill).toBeNull();
    const stopHealthy = keepObserving(healthy);
    await until(
      "resolve page",
      10_000,
      () => received.find((r) => r.event === "resolve" && r.rule === "split-brain") ?? null,
    );
    await stopHealthy();
    const incident = await db.alertIncident.findFirstOrThrow({ where: { rule: "split-brain" } });
    expect(incident.state).toBe("resolved");
    const attempts = await db.alertDelivery.findMany({
      where: { incidentId: incident.id },
      orderBy: { id: "asc" },
    });
    expect(attempts.map((a) => [a.event, a.attempt, a.status, a.response])).toEqual([
      ["fire", 1, "failed", "HTTP 503 Service Unavailable"],
      ["fire", 2, "ok", "HTTP 200 OK"],
      ["resolve", 1, "ok", "HTTP 200 OK"],
    ]);
    expect((attempts[1]?.at.getTime() ?? 0) - (attempts[0]?.at.getTime() ?? 0)).toBeGreaterThanOrEqual(900);
  }, 30_000);

  it("marks the pages of an incident that began during a drill with the drill (firing and resolved)", async () => {
    const drill = await db.drill.create({
      data: {
        clusterId,
        revision: 1,
        mode: "partition",
        requestedBy: "test",
        problems: [],
        status: "running",
        startedAt: new Date(),
      },
    });
    const from = received.length;
    const stop = keepObserving((now) => [holding("lb-01", now), holding("lb-02", now)]);
    const fire = await until(
      "fire page",
      10_000,
      () => received.slice(from).find((r) => r.event === "fire" && r.rule === "split-brain") ?? null,
    );
    await stop();
    // The drill ends before the split-brain resolves: the resolve still belongs to it.
    await db.drill.update({ where: { id: drill.id }, data: { status: "passed", finishedAt: new Date() } });
    const stopHealthy = keepObserving(healthy);
    const resolved = await until(
      "resolve page",
      10_000,
      () => received.slice(from).find((r) => r.event === "resolve" && r.rule === "split-brain") ?? null,
    );
    await stopHealthy();
    expect(fire.drill).toEqual({ id: drill.id, kind: "partition" });
    expect(resolved.drill).toEqual({ id: drill.id, kind: "partition" });
  }, 30_000);

  it("sends 'resolved' only to a channel where 'firing' was delivered", async () => {
    const { verdictFor } = await import("@/lib/store/alert-outbox");
    const channel = await db.notificationChannel.findFirstOrThrow({ where: { name: "receiver" } });
    const now = new Date();
    const verdictAfterFire = async (fireStatus: string) => {
      const incident = await db.alertIncident.create({
        data: {
          clusterId,
          rule: "backends",
          key: `be_x:${fireStatus}`,
          severity: "warning",
          state: "resolved",
          summary: "x",
          since: now,
          firedAt: now,
          resolvedAt: now,
          evidence: {},
        },
      });
      await db.alertNotification.create({
        data: {
          incidentId: incident.id,
          channelId: channel.id,
          event: "fire",
          status: fireStatus,
          attempts: 8,
          doneAt: now,
        },
      });
      // Asked directly (the row is not pending, so the running notifier leaves it alone).
      const resolve = await db.alertNotification.create({
        data: { incidentId: incident.id, channelId: channel.id, event: "resolve", status: "skipped" },
      });
      return verdictFor(
        db,
        {
          id: resolve.id,
          event: "resolve",
          attempts: 0,
          incident,
          channel,
          clusterName: "article",
          drill: null,
        },
        now,
      );
    };
    // Every one of the 8 attempts of the firing failed: the resolve is not sent.
    expect(await verdictAfterFire("failed")).toEqual({ send: false, status: "skipped" });
    expect(await verdictAfterFire("sent")).toEqual({ send: true });
  }, 30_000);

  it("fires but does not notify while silenced; acknowledgement is audited", async () => {
    await db.alertSilence.create({
      data: {
        clusterId,
        rule: "ha-degraded",
        until: new Date(Date.now() + 60_000),
        createdBy: "test",
        reason: "maintenance",
      },
    });
    const before = received.length;
    const stop = keepObserving((now) => [
      observed("lb-01", now),
      observed("lb-02", now, { nonlocalBind: false }),
    ]);
    const incident = await until("ha-degraded firing", 10_000, () =>
      db.alertIncident.findFirst({ where: { rule: "ha-degraded", state: "firing" } }),
    );
    await until("notification settled", 10_000, async () =>
      (await db.alertNotification.count({ where: { incidentId: incident.id, status: "silenced" } })) === 1
        ? true
        : null,
    );
    await stop();
    expect(received.length).toBe(before);

    const operator = await cookieFor(db, "operator");
    const ack = await acknowledgeRoute.POST(
      new Request("http://test/", {
        method: "POST",
        body: JSON.stringify({ note: "sysctl fixed by hand" }),
        headers: { cookie: operator },
      }),
      { params: Promise.resolve({ id: String(incident.id) }) },
    );
    expect(ack.status).toBe(200);
    expect(await ack.json()).toMatchObject({
      acknowledgedBy: "test-operator",
      ackNote: "sysctl fixed by hand",
      silenced: true,
    });
    expect(
      await db.auditEntry.count({ where: { action: "alert.acknowledge", actor: "test-operator" } }),
    ).toBe(1);
  }, 30_000);

  it("shows channel secrets as <kept>, keeps them on save, and refuses bad input with field errors", async () => {
    const admin = await cookieFor(db, "admin");
    const call = (method: "GET" | "POST", body?: unknown) =>
      (method === "GET" ? channelsRoute.GET : channelsRoute.POST)(
        new Request("http://test/", {
          method,
          body: body === undefined ? undefined : JSON.stringify(body),
          headers: { cookie: admin },
        }),
        { params: Promise.resolve({}) },
      );
    const listed = (await (await call("GET")).json()) as { name: string; url: string }[];
    expect(listed.find((c) => c.name === "receiver")?.url).toBe("<kept>");
    const bad = await call("POST", {
      kind: "email",
      name: "mail",
      host: "smtp.example.com",
      from: "not-an-address",
      to: [],
    });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual([
      "from",
      "to",
    ]);
    expect(await db.notificationChannel.count()).toBe(1);
    // Private, loopback and metadata targets are field errors at save (the receiver's 127.0.0.1 is allowed above).
    for (const [body, path] of [
      [{ kind: "webhook", name: "metadata", url: "http://169.254.169.254/latest/meta-data/" }, "url"],
      [{ kind: "slack", name: "internal", url: "http://10.20.30.40/hook" }, "url"],
      [{ kind: "webhook", name: "other loopback", url: "http://127.0.0.2:8080/" }, "url"],
      [
        {
          kind: "email",
          name: "relay",
          host: "192.168.1.25",
          from: "hapair@example.com",
          to: ["ops@example.com"],
        },
        "host",
      ],
    ] as const) {
      const refused = await call("POST", body);
      expect(refused.status).toBe(422);
      expect((await refused.json()) as { issues: { path: string; message: string }[] }).toMatchObject({
        issues: [{ path, message: expect.stringMatching(/^not allowed: .*HAPAIR_OUTBOUND_ALLOW/) }],
      });
    }
    expect(await db.notificationChannel.count()).toBe(1);
    const kept = await call("POST", { kind: "slack", name: "slack", url: "<kept>" });
    expect(kept.status).toBe(422);
    expect(
      JSON.stringify(
        await db.auditEntry.findMany({ where: { action: { startsWith: "notification-channel" } } }),
      ),
    ).not.toContain("127.0.0.1");
    // "Send test" reaches the receiver and lands in the delivery log.
    const id = String((await db.notificationChannel.findFirstOrThrow({ where: { name: "receiver" } })).id);
    const tested = await sendTestRoute.POST(
      new Request("http://test/", { method: "POST", headers: { cookie: admin } }),
      { params: Promise.resolve({ id }) },
    );
    expect(tested.status).toBe(200);
    expect(received.at(-1)?.event).toBe("test");
    expect(await db.alertDelivery.count({ where: { event: "test", status: "ok" } })).toBe(1);
  }, 30_000);
});
