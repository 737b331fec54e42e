import { describe, expect, it } from "vitest";
import type { SegmentTail } from "./parse/vrrp-segment";
import { emptySegmentMemory, rememberSegment, SPEAKER_KEEP_MS } from "./segment-memory";

const rogue = {
  source: "10.0.0.77",
  mac: "aa:bb:cc:dd:ee:77",
  vrid: 51,
  priority: 200,
  intervalS: 1,
  count: 2,
};
const peer = {
  source: "10.0.0.11",
  mac: "aa:bb:cc:dd:ee:11",
  vrid: 51,
  priority: 110,
  intervalS: 1,
  count: 2,
};
const tail = (seen: SegmentTail["seen"], sent: number, received: number): SegmentTail => ({
  capture: "on",
  seen,
  counters: [{ vrid: 51, sent, received }],
});

describe("segment memory", () => {
  it("keeps a speaker listed for a while after a capture window that missed it, then drops it", () => {
    let memory = emptySegmentMemory();
    const step = (now: number, seen: SegmentTail["seen"]) => {
      const r = rememberSegment(memory, tail(seen, 0, 0), now, now, "eth0", ["10.0.0.12"]);
      memory = r.memory;
      return r.segment?.speakers.map((s) => s.source);
    };
    expect(step(0, [rogue, peer])).toEqual(["10.0.0.11", "10.0.0.77"]);
    expect(step(2_000, [peer])).toEqual(["10.0.0.11", "10.0.0.77"]);
    expect(step(SPEAKER_KEEP_MS + 1, [peer])).toEqual(["10.0.0.11"]);
  });

  it("marks the node's own adverts and reports no segment without a capture", () => {
    const own = { ...peer, source: "10.0.0.12" };
    const r = rememberSegment(emptySegmentMemory(), tail([own], 0, 0), 0, 0, "eth0", ["10.0.0.12"]);
    expect(r.segment?.speakers[0]?.self).toBe(true);
    expect(rememberSegment(emptySegmentMemory(), tail([own], 0, 0), 0, 0, null, []).segment).toBeNull();
  });

  it("turns counters into long and short spans, restarting after keepalived's counters went back", () => {
    let memory = emptySegmentMemory();
    let windows = rememberSegment(memory, tail([], 0, 0), 0, 0, null, []).adverts;
    for (let t = 0; t <= 40_000; t += 2_000) {
      const r = rememberSegment(memory, tail([], 0, t / 1000), t, t, null, []);
      memory = r.memory;
      windows = r.adverts;
    }
    expect(windows[0]).toMatchObject({
      vrid: 51,
      at: 40_000,
      long: { ms: 30_000, received: 30 },
      short: { ms: 2_000, received: 2 },
    });
    // keepalived restarted: its counters start from zero again
    const r = rememberSegment(memory, tail([], 0, 1), 42_000, 42_000, null, []);
    expect(r.adverts[0]?.long).toEqual({ ms: 0, sent: 0, received: 0 });
  });
});
