import { describe, expect, it } from "vitest";
import type { ArpTruth } from "./arp-truth";
import { arpTruthView } from "./arp-truth-view";

const MAC1 = "02:00:00:00:00:01";
const MAC2 = "02:00:00:00:00:02";
const STRANGER = "02:00:00:00:00:99";

const truth = (witnessMac: string | null, peer: string[] = [MAC2]): ArpTruth => ({
  at: "2026-12-01T20:00:00.000Z",
  macs: { "lb-01": MAC1, "lb-02": MAC2 },
  staleAfterMs: 15_000,
  vips: [
    {
      vip: "10.0.0.100",
      holder: "lb-02",
      movedAt: 0,
      peer: { node: "lb-01", macs: peer },
      witness: {
        host: "10.0.0.1",
        entry: witnessMac === null ? null : { mac: witnessMac, state: "STALE", device: "eth0" },
      },
    },
  ],
});

describe("the cluster page's ARP reading", () => {
  it("names the old holder's MAC the witness still holds, and what answered the peer", () => {
    const view = arpTruthView(truth(MAC1, [MAC2, STRANGER]), []);
    expect(view.staleAfterS).toBe(15);
    expect(view.vips).toEqual([
      {
        vip: "10.0.0.100",
        holder: "lb-02",
        holderMac: MAC2,
        verdict: "stale",
        witness: { host: "10.0.0.1", entry: { mac: MAC1, node: "lb-01", state: "STALE" } },
        peer: {
          node: "lb-01",
          answered: [
            { mac: MAC2, node: "lb-02" },
            { mac: STRANGER, node: null },
          ],
        },
      },
    ]);
  });

  it("agrees when the witness holds the holder's MAC; unknown with no entry, an error or no holder", () => {
    expect(arpTruthView(truth(MAC2), []).vips[0]?.verdict).toBe("agrees");
    expect(arpTruthView(truth(null), []).vips[0]).toMatchObject({
      verdict: "unknown",
      witness: { host: "10.0.0.1", entry: null },
    });
    const failed = truth(MAC1);
    const [vip] = failed.vips;
    if (!vip) throw new Error("fixture");
    failed.vips = [
      {
        ...vip,
        witness: { host: "10.0.0.1", error: "timed out" },
        peer: { node: "lb-01", error: "no arping" },
      },
    ];
    expect(arpTruthView(failed, []).vips[0]).toMatchObject({
      verdict: "unknown",
      witness: { host: "10.0.0.1", error: "timed out" },
      peer: { node: "lb-01", error: "no arping" },
    });
    failed.vips = [{ ...vip, holder: null }];
    expect(arpTruthView(failed, []).vips[0]).toMatchObject({ verdict: "unknown", holderMac: null });
  });

  it("carries the open stale-arp incidents as given", () => {
    const incident = { key: "witness:10.0.0.100", state: "firing" as const, summary: "s", since: "t" };
    expect(arpTruthView(truth(MAC1), [incident]).incidents).toEqual([incident]);
  });
});
