/**
 * ARP truth on the test pair (issue 21 item 3), with the poller, the alerting and the arp truth loop
 * running in this process and the pair's gateway as the witness (the lab's sshd in the gateway's
 * namespace, on the pair's gateway address only, which `lab up` starts). A failover with gratuitous
 * ARP allowed pages nothing and the cluster page's reading agrees with the holder; with the lab switch
 * dropping the pair's gratuitous ARP the gateway keeps the old holder's MAC, hapair pages stale-arp
 * naming it and the page shows it. The filter and keepalived are put back whatever happens, and the
 * pair is left with the VIP on its master.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labExec, requireInventory, testPair, vipHolders } from "@/e2e/lab/control";
import {
  allowGratuitousArp,
  dropGratuitousArp,
  gatewayNeighbour,
  gatewayPing,
  labWitness,
} from "@/e2e/lab/witness";
import { withLabWitness } from "@/e2e/lab/register";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { startAlertLab, sleep, until, withHolds, type AlertLab } from "./alerts-support";

const STALE_S = 5;
let lab: AlertLab;
let arpLoop: { stop(): Promise<void> } | undefined;
const pair = testPair();

const macOf = (node: string) =>
  labExec(node, ["cat", "/sys/class/net/eth0/address"]).stdout.trim().toLowerCase();
const holders = () => JSON.stringify(vipHolders(pair));
const witnessMac = () => /lladdr (\S+)/.exec(gatewayNeighbour(pair.vip))?.[1]?.toLowerCase() ?? null;

beforeAll(async () => {
  // The pair's witness is the lab's own (`lab up` starts it), as a node is.
  const witness = labWitness(pair);
  const withWitness = (d: ClusterDefinition): ClusterDefinition =>
    withLabWitness(withHolds({})(d), requireInventory(), witness, {
      staleAfterSeconds: STALE_S,
      everySeconds: 5,
    });
  lab = await startAlertLab("arp-truth", { definition: withWitness });
  const { startArpTruthService } = await import("@/agents/arp-truth/service");
  const { createSshPool } = await import("@/lib/ssh");
  const pool = createSshPool();
  const loop = startArpTruthService(lab.db, pool);
  arpLoop = {
    stop: async () => {
      await loop.stop();
      pool.closeAll();
    },
  };
  await lab.settled();
});

afterAll(async () => {
  allowGratuitousArp(pair.vip);
  if (lab) labExec(lab.master, ["systemctl", "start", "keepalived"]);
  await arpLoop?.stop();
  if (lab) await lab.settled().catch(() => undefined);
  await lab?.stop();
});

async function failOverAndBack(label: string, whileMoved: () => Promise<void>): Promise<void> {
  try {
    expect(labExec(lab.master, ["systemctl", "stop", "keepalived"]).code).toBe(0);
    await until(
      `VIP on ${lab.backup} (${label})`,
      20_000,
      () => (holders() === JSON.stringify([lab.backup]) ? true : null),
      100,
    );
    await whileMoved();
  } finally {
    allowGratuitousArp(pair.vip);
    labExec(lab.master, ["systemctl", "start", "keepalived"]);
  }
  await until(
    `VIP back on ${lab.master} (${label})`,
    30_000,
    () => (holders() === JSON.stringify([lab.master]) ? true : null),
    100,
  );
}

/** The cluster page's ARP reading (`GET /api/clusters/:id/live`), once it is for `holder`. */
async function pageArp(holder: string) {
  const { getClusterLive } = await import("@/lib/store/cluster-live");
  return until(
    `the page's ARP reading for ${holder}`,
    20_000,
    async () => {
      const arp = (await getClusterLive(lab.db, lab.clusterId))?.arp;
      return arp?.vips[0]?.holder === holder ? arp : null;
    },
    200,
  );
}

/**
 * A router learns the VIP's MAC from traffic (GARP only updates an entry it has): one ping, then its
 * entry, once REACHABLE. A ping to an entry already there leaves it in DELAY, and a failover then makes
 * the kernel's unicast probe go unanswered: FAILED within about 8 s, before a stale reading can have
 * lasted its 5 s (the page was missed on a loaded machine). REACHABLE holds the old MAC 15 to 45 s.
 */
async function gatewayOn(mac: string): Promise<void> {
  gatewayPing(pair.vip);
  await until(
    "the gateway's entry on the master's MAC, REACHABLE",
    15_000,
    () => (witnessMac() === mac && /\bREACHABLE\s*$/.test(gatewayNeighbour(pair.vip).trim()) ? true : null),
    100,
  );
}

describe("ARP truth (lab)", () => {
  it("a failover with gratuitous ARP allowed updates the witness and pages nothing", async () => {
    const [masterMac, backupMac] = [macOf(lab.master), macOf(lab.backup)];
    await gatewayOn(masterMac);
    const started = Date.now();
    await failOverAndBack("GARP allowed", async () => {
      const updated = await until(
        "the gateway's entry on the backup's MAC",
        10_000,
        () => (witnessMac() === backupMac ? true : null),
        50,
      );
      expect(updated).toBe(true);
      console.log(
        `[arp-truth] with GARP the gateway moved to ${backupMac} ${Date.now() - started} ms after keepalived stopped`,
      );
      await sleep((STALE_S + 6) * 1000);
      expect(lab.pagesSince(started, "stale-arp")).toEqual([]);
      const arp = await pageArp(lab.backup);
      expect(arp.vips[0]).toMatchObject({
        verdict: "agrees",
        holderMac: backupMac,
        witness: { entry: { mac: backupMac, node: lab.backup } },
      });
      expect(arp.incidents).toEqual([]);
    });
  }, 120_000);

  it("with gratuitous ARP dropped on the switch, the witness keeps the old MAC and hapair pages it", async () => {
    const masterMac = macOf(lab.master);
    await gatewayOn(masterMac);
    dropGratuitousArp(pair.vip);
    const started = Date.now();
    await failOverAndBack("GARP dropped", async () => {
      const page = await until(
        "the stale-arp page",
        40_000,
        () => lab.pagesSince(started, "stale-arp").find((p) => p.message.event === "fire") ?? null,
        100,
      );
      console.log(
        `[arp-truth] '${page.message.summary}' paged ${page.at - started} ms after keepalived stopped (stale after ${STALE_S} s)`,
      );
      // The gateway's own entry may meanwhile go FAILED or be probed again; the page names what the witness held.
      console.log(`[arp-truth] the gateway's entry now: ${gatewayNeighbour(pair.vip) || "none"}`);
      expect(page.message.summary).toContain(masterMac);
      expect(page.message.summary).toContain(`(${lab.master})`);
      expect(page.message.summary).toMatch(/garp_master_refresh, vrrp_garp_master_repeat, garp_master_delay/);
      expect(page.at - started).toBeGreaterThanOrEqual(STALE_S * 1000);
      // The page shows the witness still on the old holder's MAC, and the firing incident.
      const arp = await pageArp(lab.backup);
      const shown = arp.vips[0]?.witness;
      console.log(`[arp-truth] the page's reading: ${JSON.stringify(arp.vips[0])}`);
      expect(arp.incidents).toEqual([
        expect.objectContaining({ key: `witness:${pair.vip}`, state: "firing" }),
      ]);
      if (shown && "entry" in shown && shown.entry?.mac === masterMac)
        expect(arp.vips[0]?.verdict).toBe("stale");
      expect(JSON.stringify(arp.vips[0])).toContain(lab.master);
    });
  }, 150_000);
});
