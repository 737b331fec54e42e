/**
 * Failover drills against the lab pair: process death end to end (the VIP moves within the bound
 * computed from the definition, clients measured through the VIP, ARP answered by the peer, fail-back,
 * the pair back as it was), and a peer backend down refuses the drill unless forced.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPair } from "@/e2e/lab/control";
import { describeDrill, expectPairBack, setupDrills, useDatabase } from "./drill-support";

useDatabase(`drills-${testPair().name}`);

let lab: Awaited<ReturnType<typeof setupDrills>>;

beforeAll(async () => {
  lab = await setupDrills();
});

afterAll(async () => {
  await lab?.close();
  await expectPairBack().catch(() => undefined);
});

describe("process-death drill", () => {
  it("stops HAProxy on the holder: the VIP moves within its bound, clients are counted, it fails back, the pair is as it was", async () => {
    const drill = await lab.drill({ mode: "process" });
    console.log(describeDrill(drill));
    expect(drill.status, describeDrill(drill)).toBe("passed");
    const report = drill.report;
    expect(report?.expectedFailoverMs).toBeGreaterThan(0);
    expect(report?.measuredFailoverMs).toBeLessThanOrEqual(
      (report?.expectedFailoverMs ?? 0) + (report?.toleranceMs ?? 0),
    );
    expect(report?.failbackMs).not.toBeNull();
    expect(report?.clientRequests).toBeGreaterThan(10);
    expect(report?.falseSplitBrain).toBe(false);
    expect(drill.timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        "dead-man-armed",
        "fault-injected",
        "vip-on-peer",
        "fault-undone",
        "dead-man-cancelled",
        "vip-back",
      ]),
    );
    await expectPairBack();
  });
});

describe("hapair drill (CLI)", () => {
  it("--mode process --wait --json prints the report and exits 0 when it passed", async () => {
    const { main } = await import("@/lib/cli/main");
    let out = "";
    let err = "";
    const io = {
      stdout: (t: string) => void (out += t),
      stderr: (t: string) => void (err += t),
      readFile: () => "",
    };
    // The agents' drill worker runs beside the CLI, as it would in its own process.
    let running = true;
    const agents = (async () => {
      while (running) {
        await lab.worker.pass();
        await new Promise((r) => setTimeout(r, 300));
      }
      await lab.worker.idle();
    })();
    await lab.waitHealthy();
    const code = await main(
      ["drill", testPair().name, "--mode", "process", "--wait", "--json", "--timeout", "180"],
      io,
    );
    running = false;
    await agents;
    console.log(out, err);
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(code, `${out}\n${err}`).toBe(0);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        "mode",
        "outcome",
        "expectedFailoverMs",
        "measuredFailoverMs",
        "failbackMs",
        "clientRequests",
        "clientFailures",
        "alerts",
      ]),
    );
    expect(report).toMatchObject({ mode: "process", outcome: "passed" });
    await expectPairBack();
  });
});
