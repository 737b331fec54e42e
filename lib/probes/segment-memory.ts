/**
 * What a node's probe remembers of its segment between polls: the speakers seen lately (a capture
 * window is one poll long, and a speaker advertising every second may miss one) and keepalived's advert
 * counters over the last half minute, turned into spans. Pure: the probe keeps the memory.
 */
import type { AdvertSpan, AdvertWindow, SegmentView, VrrpSpeaker } from "@/lib/status/segment";
import type { AdvertCounters, SegmentTail, SeenAdvert } from "./parse/vrrp-segment";

/** A speaker stays listed this long after its last advert seen (at least three of its intervals). */
export const SPEAKER_KEEP_MS = 10_000;
/** Partial loss is judged over this span: about 30 adverts at keepalived's default interval. */
export const LONG_SPAN_MS = 30_000;
/**
 * "Hears nothing" is judged since the newest reading at least this much older (the previous poll's):
 * as short as the counters allow, so that when a deaf backup's split-brain fires (master-down time,
 * then the hold) the span already lies wholly inside the deafness, though the dump is a poll old.
 */
export const SHORT_SPAN_MS = 1_500;
const MAX_SPEAKERS = 64;

export interface SegmentMemory {
  speakers: { advert: Omit<SeenAdvert, "count">; lastSeen: number }[];
  readings: { at: number; counters: AdvertCounters[] }[];
}

export const emptySegmentMemory = (): SegmentMemory => ({ speakers: [], readings: [] });

const speakerKey = (s: Omit<SeenAdvert, "count">) => `${s.vrid} ${s.source} ${s.mac}`;

export interface Remembered {
  memory: SegmentMemory;
  segment: SegmentView | null;
  adverts: AdvertWindow[];
}

/**
 * `countersAt`: when keepalived's counters were read (its dump may be a poll old); `own`: the node's
 * own addresses, so its own adverts are marked as such.
 */
export function rememberSegment(
  memory: SegmentMemory,
  tail: SegmentTail,
  now: number,
  countersAt: number,
  iface: string | null,
  own: readonly string[],
): Remembered {
  const byKey = new Map(memory.speakers.map((s) => [speakerKey(s.advert), s]));
  for (const seen of tail.seen) {
    const { count: _count, ...advert } = seen;
    byKey.set(speakerKey(advert), { advert, lastSeen: now });
  }
  const speakers = [...byKey.values()]
    .filter((s) => now - s.lastSeen <= Math.max(SPEAKER_KEEP_MS, 3_000 * s.advert.intervalS))
    .sort((a, b) => speakerKey(a.advert).localeCompare(speakerKey(b.advert), "en", { numeric: true }))
    .slice(0, MAX_SPEAKERS);
  const readings = keptReadings(memory.readings, { at: countersAt, counters: tail.counters });
  const segment: SegmentView | null =
    iface && tail.capture
      ? {
          interface: iface,
          capture: tail.capture,
          speakers: speakers.map((s): VrrpSpeaker => ({ ...s.advert, self: own.includes(s.advert.source) })),
        }
      : null;
  return { memory: { speakers, readings }, segment, adverts: advertWindows(readings) };
}

/** The readings kept: the new one, and those of the last LONG_SPAN_MS since the counters last went back (a restart). */
function keptReadings(
  previous: SegmentMemory["readings"],
  reading: SegmentMemory["readings"][number],
): SegmentMemory["readings"] {
  const kept = previous.filter((r) => r.at < reading.at && reading.at - r.at <= LONG_SPAN_MS + 1_000);
  const restarted = (r: SegmentMemory["readings"][number]) =>
    reading.counters.some((c) => {
      const old = r.counters.find((o) => o.vrid === c.vrid);
      return old !== undefined && (old.sent > c.sent || old.received > c.received);
    });
  const sinceRestart = kept.slice(kept.findLastIndex(restarted) + 1);
  return [...sinceRestart, reading];
}

function advertWindows(readings: SegmentMemory["readings"]): AdvertWindow[] {
  const latest = readings[readings.length - 1];
  if (!latest) return [];
  const has = (r: SegmentMemory["readings"][number], vrid: number) => r.counters.some((c) => c.vrid === vrid);
  // long: from the oldest reading within LONG_SPAN_MS; short: from the newest at least SHORT_SPAN_MS old.
  const span = (counters: AdvertCounters, kind: "long" | "short"): AdvertSpan => {
    const from =
      kind === "long"
        ? readings.find((r) => latest.at - r.at <= LONG_SPAN_MS && has(r, counters.vrid))
        : readings.findLast((r) => latest.at - r.at >= SHORT_SPAN_MS && has(r, counters.vrid));
    const old = from?.counters.find((c) => c.vrid === counters.vrid);
    if (!from || !old) return { ms: 0, sent: 0, received: 0 };
    return {
      ms: latest.at - from.at,
      sent: counters.sent - old.sent,
      received: counters.received - old.received,
    };
  };
  return latest.counters.map((counters) => ({
    vrid: counters.vrid,
    at: latest.at,
    long: span(counters, "long"),
    short: span(counters, "short"),
  }));
}
