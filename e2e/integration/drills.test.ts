/**
 * Failover drills against the lab pair: process death end to end (the VIP moves within the bound
 * computed from the definition, clients measured through the VIP, ARP answered by the peer, fail-back,
 * the pair back as it was), and a peer backend down refuses the drill unless forced.
 */
import { describe, expect, it } from "vitest";
import { describeDrill, drillCli, expectPairBack, useDrillLab } from "./drill-support";

const lab = useDrillLab("drills");

describe("process-death drill", () => {
  it("stops HAProxy on the holder: the VIP moves within its bound, clients are counted, it fails back, the pair is as it was", async () => {
    const drill = await lab().drill({ mode: "process" });
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
    // The agents' drill worker runs beside the CLI, as it would in its own process.
    const { code, report, out, err } = await drillCli(lab(), ["--mode", "process"], 180);
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
