/**
 * Issue 22 item 6: one hostile cluster must not delay another cluster's split-brain page. A hostile
 * node (tests' ssh2 Server on loopback, lib/ssh/__testing__/hostile-node.ts) answers every probe with 1,000 invented
 * backends whose servers are all DOWN, on a cluster of its own; a second, slow webhook channel (1 s per
 * answer, like a struggling chat service) gets every page too. Once that cluster's alerts fire, VRRP is
 * blocked on the test pair (as alerts-split-brain.test.ts does) and the time from the second VIP to the
 * split-brain webhook is measured. Before the fix: every invented backend opened an incident and the
 * split-brain page queued behind them; after: invented names open nothing, the cluster holds at most
 * MAX_OPEN_INCIDENTS_PER_CLUSTER incidents, and page-first rules have their own lane.
 * Measured on lab-4 (2 shared cores): before, 1,001 incidents and 2,000 queued notifications, no
 * split-brain page within 300 s; after, 1 incident (the unreachable node) and the page in 2.1-2.3 s.
 */
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireInventory, unblockVrrp } from "@/e2e/lab/control";
import { labPairDefinition } from "@/e2e/lab/register";
import { MAX_OPEN_INCIDENTS_PER_CLUSTER } from "@/lib/alerts/engine";
import { sleep, splitPair, startAlertLab, until, type AlertLab } from "./alerts-support";
import { startHostileNode, type HostileNode, type ExecBehaviour } from "@/lib/ssh/__testing__/hostile-node";

const HOLD_MS = 2_000;
const floodName = () => `${lab.pair.name}-flood`;
let floodId = "";
const INVENTED = 1_000;
const FIXTURES = "lib/probes/parse/__fixtures__";
let lab: AlertLab;
/** A node answering the poller's probe with `answer`; `ip monitor` stays open and silent, other commands print nothing. */
const probeAnswering = (answer: () => string) => ({
  exec: (command: string): ExecBehaviour =>
    command.includes("hapair-probe")
      ? { answerEachLine: answer }
      : command.includes("monitor")
        ? "silent"
        : "empty",
  file: () => ({ kind: "text" as const, text: "" }),
});
let hostile: HostileNode | undefined;
let slow: Server | undefined;
let slowAnswered = 0;

/** A real node's captured facts with the VIP changed to `vip`, plus on-node socket answers: 1,000 invented DOWN backends. */
function floodAnswer(vip: string): string {
  const facts = readFileSync(`${FIXTURES}/node-facts-lb-01.txt`, "utf8").replaceAll("10.0.0.100", vip);
  const header = readFileSync(`${FIXTURES}/show-stat.csv`, "utf8").split("\n")[0] ?? "";
  const columns = header.slice(2).split(",");
  const row = (proxy: string) =>
    columns
      .map(
        (c) =>
          ({
            pxname: proxy,
            svname: "s1",
            status: "DOWN",
            type: "2",
            check_status: "L4CON",
            scur: "0",
            stot: "0",
          })[c] ?? "",
      )
      .join(",");
  const stat = [header, ...Array.from({ length: INVENTED }, (_, i) => row(`be_invented_${i}`))].join("\n");
  const proc = readFileSync(`${FIXTURES}/show-proc-after-reload.txt`, "utf8").trim();
  return facts.replace(/@@end\n?$/, `@@stat\n${stat}\n@@proc\n${proc}\n@@end\n`);
}

beforeAll(async () => {
  lab = await startAlertLab("alerts-flood");
  await lab.settled();
  const answer = floodAnswer(lab.pair.vip);
  hostile = await startHostileNode(probeAnswering(() => answer));
  slow = createServer((request, response) => {
    request.resume();
    request.on("end", () => setTimeout(() => ((slowAnswered += 1), response.writeHead(204).end()), 1_000));
  });
  await new Promise<void>((done) => slow?.listen(0, "127.0.0.1", done));
  const { saveChannel } = await import("@/lib/store/notification-channels");
  const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/slow`;
  const channel = await saveChannel(
    lab.db,
    {
      kind: "webhook",
      name: "slow receiver",
      enabled: true,
      url: slowUrl,
      hmacSecret: "slow-receiver-secret-0123456789",
    },
    "test",
  );
  if (!channel.ok) throw new Error(channel.issues.map((i) => i.message).join("; "));
  // The hostile cluster: the test pair's definition under another name and VRID, its first node the
  // hostile one, its second a closed loopback port (unreachable), so it has one VIP holder and no split-brain.
  const base = labPairDefinition(requireInventory(), lab.pair);
  const closed = await startHostileNode(probeAnswering(() => ""));
  const closedPort = closed.port;
  await closed.close();
  const [first, second] = base.nodes;
  const loopback = (node: typeof first, port: number, fingerprint?: string) => ({
    ...node,
    ssh: { ...node.ssh, host: "127.0.0.1", port },
    hostKeyFingerprint: fingerprint,
  });
  const nodes: typeof base.nodes = [
    loopback(first, hostile.port, hostile.hostKey),
    loopback(second, closedPort),
  ];
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  const saved = await saveClusterRevision(
    lab.db,
    {
      ...base,
      name: floodName(),
      vrrp: { ...base.vrrp, virtualRouterId: (base.vrrp.virtualRouterId % 250) + 3 },
      nodes,
    },
    "test",
  );
  if (!saved.ok) throw new Error(saved.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  floodId = saved.clusterId;
}, 180_000);

afterAll(async () => {
  // Also here: a test that timed out may not have reached its finally.
  if (lab) unblockVrrp(lab.master);
  await lab?.stop();
  await Promise.race([hostile?.close(), sleep(3_000)]);
  slow?.close();
});

describe("a flood of invented backends on one cluster (hostile node, lab)", () => {
  it("does not delay another cluster's split-brain page", async () => {
    // Everything the flood raises has fired (nothing pending any more): its pages are queued now.
    const count = (state: string) => lab.db.alertIncident.count({ where: { state, clusterId: floodId } });
    const flooded = async () =>
      (await count("firing")) >= 1 && (await count("pending")) === 0 ? true : null;
    await until("the flooded cluster's alerts firing", 120_000, flooded, 500);
    const incidents = await lab.db.alertIncident.findMany({
      where: { state: { in: ["pending", "firing"] }, clusterId: floodId },
      select: { rule: true, key: true },
    });
    const queued = await lab.db.alertNotification.count({ where: { status: "pending" } });
    console.log(
      `[alerts-flood] flooded cluster: ${incidents.length} open incidents (${incidents.filter((i) => i.rule === "backends").length} backends), ${queued} notifications pending, ${hostile?.stats.answers} probe answers`,
    );

    const split = splitPair(lab);
    try {
      const { secondVip, page } = await split.paged(300_000);
      const latency = page.at - secondVip;
      console.log(
        `[alerts-flood] ${lab.pair.name}: second VIP on ${lab.backup} → split-brain webhook in ${latency} ms with ${INVENTED} invented backends on ${floodName()} (slow channel answered ${slowAnswered}; hold ${HOLD_MS} ms)`,
      );
      // Measured first, asserted after: the figure is wanted on the code before the fix too.
      expect(incidents.filter((i) => i.key.startsWith("be_invented_"))).toEqual([]);
      expect(incidents.length).toBeLessThanOrEqual(MAX_OPEN_INCIDENTS_PER_CLUSTER);
      expect(latency).toBeLessThanOrEqual(HOLD_MS + 2_000);
    } finally {
      split.heal();
    }
    await until(
      "split-brain resolved",
      60_000,
      async () =>
        (await lab.db.alertIncident.count({
          where: { clusterId: lab.clusterId, rule: "split-brain", state: { in: ["pending", "firing"] } },
        })) === 0
          ? true
          : null,
      500,
    );
  }, 480_000);
});
