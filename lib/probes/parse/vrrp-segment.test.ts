import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAdvertLine, parseSegmentTail } from "./vrrp-segment";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

describe("VRRP segment tail", () => {
  it("reads real tcpdump -n -e lines of VRRPv2 adverts", () => {
    const lines = fixture("tcpdump-vrrp.txt").trim().split("\n");
    expect(lines.map(parseAdvertLine)).toEqual([
      { mac: "12:0d:74:0b:fd:10", source: "10.0.24.11", vrid: 57, priority: 110, intervalS: 1 },
      { mac: "ba:97:18:a8:a8:a4", source: "10.0.32.11", vrid: 59, priority: 110, intervalS: 1 },
      { mac: "e2:49:4a:fb:cf:ed", source: "10.0.16.11", vrid: 55, priority: 110, intervalS: 1 },
    ]);
  });

  it("reads the capture's counted lines and keepalived's counters, skipping garbage", () => {
    const tail = parseSegmentTail(fixture("vrrp-tail.txt"));
    expect(tail.capture).toBe("on");
    expect(tail.counters).toEqual([{ vrid: 58, sent: 182, received: 0 }]);
    expect(tail.seen.map((s) => [s.count, s.source, s.vrid, s.priority, s.intervalS])).toEqual([
      [2, "10.0.28.11", 58, 110, 1],
      [1, "10.0.28.77", 58, 200, 1],
      [2, "10.0.16.11", 55, 110, 1],
      [1, "10.0.28.90", 7, 100, 1],
    ]);
  });

  it("refuses out-of-range VRIDs and caps the speakers read", () => {
    const line = (vrid: number) =>
      `1 aa:bb:cc:dd:ee:ff > 01:00:5e:00:00:12, ethertype IPv4 (0x0800), length 54: 10.0.0.${vrid % 250} > 224.0.0.18: VRRPv2, Advertisement, vrid ${vrid}, prio 100, authtype none, intvl 1s, length 20`;
    expect(parseSegmentTail(`@@vrrp_seen\n${line(0)}\n${line(256)}\n@@end\n`).seen).toEqual([]);
    const many = Array.from({ length: 200 }, (_, i) => line((i % 255) + 1)).join("\n");
    expect(parseSegmentTail(`@@vrrp_seen\n${many}\n@@end\n`).seen).toHaveLength(64);
    expect(parseSegmentTail("@@same\n@@end\n")).toEqual({ capture: null, seen: [], counters: [] });
  });
});
