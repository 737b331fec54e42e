/**
 * The partition drill's gateway-check variant on the lab pair: both nodes run the article's
 * keepalived.conf with chk_gateway at weight 0 (interval 1 s, fall 1), and the definition says so. The
 * drill cuts the holder off from the gateway as well as from VRRP: the holder must go FAULT and drop
 * the VIP by itself within fall × interval + timeout, the peer takes over, and after the undo the
 * holder fails back. The lab's own files are put back afterwards (keepalived restarted).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labExec, testPair, vipHolders, waitFor } from "@/e2e/lab/control";
import { netnsEtc } from "@/e2e/lab/state";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { describeDrill, expectPairBack, setupDrills, useDatabase } from "./drill-support";
import { restoreOriginalFiles, saveOriginalFiles, type SavedPair } from "./rollout-support";

useDatabase(`drills-gateway-${testPair().name}`);

let lab: Awaited<ReturnType<typeof setupDrills>>;
let saved: SavedPair;

const ARTICLE_GATEWAY = /(vrrp_script chk_gateway \{[^}]*?)interval 3(\s+)weight -30(\s+)fall 2/;

function demotingGateway(d: ClusterDefinition): ClusterDefinition {
  return {
    ...d,
    vrrp: {
      ...d.vrrp,
      trackScripts: d.vrrp.trackScripts.map((t) =>
        t.name === "chk_gateway" ? { ...t, interval: 1, weight: 0, fall: 1 } : t,
      ),
    },
  };
}

beforeAll(async () => {
  saved = saveOriginalFiles();
  for (const node of testPair().nodes) {
    const path = join(netnsEtc(node.namespace), "keepalived/keepalived.conf");
    const text = readFileSync(path, "utf8");
    if (!ARTICLE_GATEWAY.test(text)) throw new Error(`${node.name}: not the lab's chk_gateway`);
    writeFileSync(path, text.replace(ARTICLE_GATEWAY, "$1interval 1$2weight 0$3fall 1"));
  }
  // Backup first, so the master comes back to a settled peer.
  for (const node of [...testPair().nodes].reverse())
    labExec(node.name, ["/usr/local/sbin/systemctl", "restart", "keepalived"]);
  const [master] = testPair().nodes;
  await waitFor(
    `the VIP on ${master?.name} alone`,
    () => JSON.stringify(vipHolders(testPair())) === JSON.stringify([master?.name]),
    30_000,
  );
  lab = await setupDrills({ change: demotingGateway });
}, 120_000);

afterAll(async () => {
  await lab?.close();
  if (saved) await restoreOriginalFiles(saved);
  await expectPairBack().catch(() => undefined);
}, 120_000);

describe("partition drill with a weight-0 gateway check", () => {
  it("the holder, cut off from the gateway too, demotes itself within its bound; the peer takes over; it fails back", async () => {
    const drill = await lab.drill({ mode: "partition" });
    console.log(describeDrill(drill));
    expect(drill.status, describeDrill(drill)).toBe("passed");
    expect(drill.steps.map((s) => s.kind)).toEqual(expect.arrayContaining(["await-demotion"]));
    expect(drill.steps.map((s) => s.kind)).not.toContain("await-alert");
    const report = drill.report;
    // interval 1 s × fall 1 + the script's timeout (its interval) = 2 s
    expect(report?.expectedDemotionMs).toBe(2_000);
    expect(report?.demotionMs).toBeLessThanOrEqual(2_000 + (report?.toleranceMs ?? 0));
    expect(report?.failbackMs).not.toBeNull();
    expect(drill.timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining(["fault-injected", "demoted", "vip-on-peer", "fault-undone", "vip-back"]),
    );
    const [holder] = testPair().nodes;
    const rules = labExec(holder?.name ?? "", ["iptables", "-S"]).stdout;
    expect(rules).not.toContain("hapair-drill");
  });
});
