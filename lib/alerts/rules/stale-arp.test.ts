import { describe, expect, it } from "vitest";
import type { ArpTruth, ArpVipTruth } from "@/lib/status/arp-truth";
import { holding, input, released, T0, VIP } from "../__fixtures__/cluster";
import { eventTimes, pagesOf, simulate, timeline } from "../__fixtures__/simulate";
import { evaluateRules } from ".";

const MAC1 = "02:00:00:00:00:01";
const MAC2 = "02:00:00:00:00:02";

/** lb-02 took the VIP over from lb-01; the witness's entry and the peer's arping as given. */
function afterMove(now: number, witnessMac: string | null, peerMacs: string[] = [MAC2]) {
  const vip: ArpVipTruth = {
    vip: VIP,
    holder: "lb-02",
    movedAt: T0,
    peer: { node: "lb-01", macs: peerMacs },
    witness: {
      host: "10.0.0.1",
      entry: witnessMac === null ? null : { mac: witnessMac, state: "STALE", device: "eth0" },
    },
  };
  const arp: ArpTruth = {
    at: new Date(now - 200).toISOString(),
    macs: { "lb-01": MAC1, "lb-02": MAC2 },
    vips: [vip],
    staleAfterMs: 15_000,
  };
  return input(now, { "lb-01": released("lb-01", now - 100), "lb-02": holding("lb-02", now - 100) }, { arp });
}

const arpConditions = (frame: ReturnType<typeof input>) =>
  evaluateRules(frame).filter((c) => c.rule === "stale-arp");

describe("stale ARP", () => {
  it("sees the witness still on the old holder's MAC, naming it and the GARP settings", () => {
    const [condition, ...rest] = arpConditions(afterMove(T0 + 1_000, MAC1));
    expect(rest).toEqual([]);
    expect(condition).toMatchObject({
      key: `witness:${VIP}`,
      severity: "critical",
      holdMs: 15_000,
      evidence: { witnessMac: MAC1, witnessMacOf: "lb-01", holder: "lb-02", holderMac: MAC2 },
    });
    expect(condition?.summary).toBe(
      `witness 10.0.0.1 still sends VIP ${VIP} to ${MAC1} (lb-01), not to lb-02 (${MAC2}): gratuitous ARP did not reach it; consider garp_master_refresh, vrrp_garp_master_repeat, garp_master_delay`,
    );
  });

  it("says nothing when the witness points at the holder, has no entry, or has one without a MAC", () => {
    expect(arpConditions(afterMove(T0 + 1_000, MAC2))).toEqual([]);
    expect(arpConditions(afterMove(T0 + 1_000, null))).toEqual([]);
    expect(arpConditions(input(T0))).toEqual([]);
  });

  it("ignores a reading taken for another holder than the one seen now (the VIP moved since)", () => {
    const frame = afterMove(T0 + 1_000, MAC1);
    const back = input(T0 + 1_000, {}, { ...(frame.arp ? { arp: frame.arp } : {}) });
    expect(arpConditions(back)).toEqual([]);
  });

  it("sees the peer's arping answered by another MAC, or by two", () => {
    expect(arpConditions(afterMove(T0 + 1_000, MAC2, [MAC1])).map((c) => c.summary)).toEqual([
      `lb-01's arping for VIP ${VIP} is answered by ${MAC1} (lb-01), not only by lb-02 (${MAC2})`,
    ]);
    expect(arpConditions(afterMove(T0 + 1_000, MAC2, [MAC2, "02:00:00:00:00:99"]))[0]?.summary).toContain(
      "02:00:00:00:00:99 (not a node of this cluster)",
    );
    expect(arpConditions(afterMove(T0 + 1_000, MAC2, []))).toEqual([]);
  });

  it("fires once the witness kept the old MAC for staleAfterSeconds, and is discarded when it catches up in time", () => {
    const lagging = timeline(T0, T0 + 16_000, 1_000, (now) => afterMove(now, MAC1));
    expect(eventTimes(pagesOf([...lagging, afterMove(T0 + 17_000, MAC2)], "stale-arp"), T0)).toEqual([
      ["fire", 15_000],
      ["resolve", 17_000],
    ]);
    const caughtUp = [
      ...timeline(T0, T0 + 10_000, 1_000, (now) => afterMove(now, MAC1)),
      afterMove(T0 + 11_000, MAC2),
    ];
    expect(simulate(caughtUp).filter((p) => p.rule === "stale-arp")).toEqual([]);
  });
});
