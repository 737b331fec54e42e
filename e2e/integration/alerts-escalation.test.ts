/**
 * Backend alerts against a real webhook receiver on the test pair, servers taken down by breaking
 * their health checks on both nodes (`check-port 1` on the admin socket; only this pair's HAProxy is
 * touched, the shared backends stay up):
 * - some servers down, then all down: one incident changing severity, never a "resolved" page for the
 *   warning before the recovery (the old rule dropped the warning once the critical held: "RESOLVED").
 * - a channel whose "firing" failed every attempt (the receiver answers 500) gets no "resolved".
 * Every check is restored in a finally.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { adminSocket } from "@/e2e/lab/control";
import { MAX_ATTEMPTS } from "@/lib/notify/message";
import { startAlertLab, until, withHolds, type AlertLab } from "./alerts-support";

const BACKEND = "be_app";
const SERVERS = ["app-01", "app-02", "app-03"];
const SERVER_PORT = 8080;
/** The backends hold, shortened from 10 s so that each step fires within seconds. */
const HOLD_S = 2;
let lab: AlertLab;

beforeAll(async () => {
  lab = await startAlertLab("alerts-escalation", { definition: withHolds({ backends: HOLD_S }) });
  await lab.settled();
}, 120_000);

afterEach(() => {
  lab.receiver.failWith = null;
  setChecks(SERVERS, true);
});

afterAll(async () => {
  await lab?.stop();
});

/** Health checks of `servers` on both nodes: to the server's port, or to port 1 (refused: DOWN after `fall`). */
function setChecks(servers: string[], healthy: boolean): void {
  for (const node of [lab.master, lab.backup])
    for (const server of servers)
      adminSocket(node, `set server ${BACKEND}/${server} check-port ${healthy ? SERVER_PORT : 1}`);
}

const describePages = (from: number) =>
  lab.pagesSince(from, "backends").map((p) => `${p.message.event} ${p.message.severity} ${p.message.key}`);
const page = (from: number, event: "fire" | "resolve", key: string) => () =>
  lab.pagesSince(from, "backends").find((p) => p.message.event === event && p.message.key === key) ?? null;

describe("backend alerts to a real webhook (lab)", () => {
  it("some servers down, then all down: the critical opens beside the warning, no 'resolved' before the recovery", async () => {
    const started = Date.now();
    setChecks(SERVERS.slice(0, 1), false);
    const warning = await until(
      "servers-down warning",
      60_000,
      page(started, "fire", `${BACKEND}:servers-down`),
      200,
    );
    setChecks(SERVERS.slice(1), false);
    const critical = await until(
      "no-server critical",
      60_000,
      page(started, "fire", `${BACKEND}:no-server`),
      200,
    );
    // The critical held its 2 s, so the old rule would have dropped the warning by now ("RESOLVED").
    const resolvedEarly = lab
      .pagesSince(started, "backends")
      .filter((p) => p.message.event === "resolve")
      .map((p) => `${p.message.event} ${p.message.severity} ${p.message.key}`);
    const recovering = Date.now();
    setChecks(SERVERS, true);
    console.log(
      `[alerts-escalation] warning paged ${warning.at - started} ms after the first server's checks broke, critical ${critical.at - warning.at} ms after it; pages until the recovery: ${describePages(started).join("; ")}`,
    );
    expect(resolvedEarly).toEqual([]);
    await until("critical resolved", 60_000, page(recovering, "resolve", `${BACKEND}:no-server`), 200);
    await until("warning resolved", 60_000, page(recovering, "resolve", `${BACKEND}:servers-down`), 200);
    expect(lab.pagesSince(started, "backends").filter((p) => p.message.event === "fire")).toHaveLength(2);
    await lab.settled();
  }, 240_000);

  it("a channel whose 'firing' failed every attempt gets no 'resolved'", async () => {
    const started = Date.now();
    lab.receiver.failWith = 500;
    const refusedBefore = lab.receiver.refused.length;
    setChecks(SERVERS.slice(0, 1), false);
    const incident = await until(
      "servers-down firing",
      60_000,
      () =>
        lab.db.alertIncident.findFirst({
          where: {
            rule: "backends",
            key: `${BACKEND}:servers-down`,
            state: "firing",
            firedAt: { gte: new Date(started) },
          },
        }),
      200,
    );
    // The retries back off to a minute (about 2 min for all of them): each is brought forward to now,
    // so every one of the attempts still goes to the receiver, without the wait.
    const fire = await until(
      "firing given up",
      120_000,
      async () => {
        await lab.db.alertNotification.updateMany({
          where: { incidentId: incident.id, event: "fire", status: "pending" },
          data: { nextAttemptAt: new Date() },
        });
        return lab.db.alertNotification.findFirst({
          where: { incidentId: incident.id, event: "fire", status: { not: "pending" } },
        });
      },
      250,
    );
    expect(fire.status).toBe("failed");
    expect(lab.receiver.refused.length - refusedBefore).toBe(MAX_ATTEMPTS);
    lab.receiver.failWith = null;
    setChecks(SERVERS, true);
    const resolve = await until(
      "resolve settled",
      60_000,
      () =>
        lab.db.alertNotification.findFirst({
          where: { incidentId: incident.id, event: "resolve", status: { not: "pending" } },
        }),
      200,
    );
    console.log(
      `[alerts-escalation] resolve to the channel whose firing failed ${MAX_ATTEMPTS} times: ${resolve.status}`,
    );
    expect(lab.pagesSince(started, "backends").filter((p) => p.message.incidentId === incident.id)).toEqual(
      [],
    );
    expect(resolve.status).toBe("skipped");
    await lab.settled();
  }, 300_000);
});
