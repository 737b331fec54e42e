/**
 * The node-death drill in the lab: the definition enables it with the lab's stand-in
 * (e2e/lab/assets/node-death.sh: link down, daemons killed, back after 15 s; never a reboot); it
 * is refused without the confirmation; confirmed, the peer takes over within its master-down time,
 * nobody else answers ARP for the VIP, the node returns and takes the VIP back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPair } from "@/e2e/lab/control";
import { NODE_DEATH_COMMAND } from "@/e2e/lab/state";
import { drillRequestSchema } from "@/lib/drill/types";
import { describeDrill, expectPairBack, setupDrills, useDatabase } from "./drill-support";

useDatabase(`drills-node-${testPair().name}`);

let lab: Awaited<ReturnType<typeof setupDrills>>;

beforeAll(async () => {
  lab = await setupDrills({
    change: (d) => ({
      ...d,
      drills: {
        deadManSeconds: 60,
        nodeDeath: { enabled: true, command: [NODE_DEATH_COMMAND, "15"], returnWithinSeconds: 90 },
      },
    }),
  });
});

afterAll(async () => {
  await lab?.close();
  await expectPairBack().catch(() => undefined);
});

describe("node-death drill", () => {
  it("is refused without the explicit confirmation", async () => {
    const refused = await lab.store.requestDrill(
      lab.db,
      lab.clusterId,
      drillRequestSchema.parse({ mode: "node" }),
      "test-operator",
    );
    expect(refused.ok ? [] : refused.issues.map((i) => i.path)).toEqual(["confirmNodeDeath"]);
  });

  it("confirmed: the peer takes over within its master-down time, the node returns and fails back", async () => {
    const drill = await lab.drill({ mode: "node", confirmNodeDeath: true });
    console.log(describeDrill(drill));
    expect(drill.status, describeDrill(drill)).toBe("passed");
    expect(drill.report?.arp[0]?.ok).toBe(true);
    expect(drill.timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining(["fault-injected", "vip-on-peer", "node-back", "vip-back"]),
    );
    await expectPairBack();
  });
});
