/**
 * Parses what the node probe reports of its VRRP segment (lib/probes/node-facts.sh): adverts its
 * capture saw since the previous poll (`@@vrrp_seen`: a count and the `tcpdump -n -e -t` line), and
 * keepalived's advert counters per instance (`@@vrrp_counters`: vrid, sent, received). Both ride at the
 * end of every answer (also "@@same"), outside what the node compares. Pure.
 */
import type { VrrpSpeaker } from "@/lib/status/segment";
import type { SegmentView } from "@/lib/status/segment";
import { splitSections } from "./node-facts";

export interface SeenAdvert extends Omit<VrrpSpeaker, "self"> {
  count: number;
}

export interface AdvertCounters {
  vrid: number;
  sent: number;
  received: number;
}

export interface SegmentTail {
  capture: SegmentView["capture"] | null;
  seen: SeenAdvert[];
  counters: AdvertCounters[];
}

const MAX_SPEAKERS = 64;
// "MAC > 01:00:5e:00:00:12, ethertype IPv4 (0x0800), length 54: SRC > DST: VRRPv2, Advertisement, vrid 58, prio 110, …, intvl 1s, …"
const ADVERT =
  /^([0-9a-f]{2}(?::[0-9a-f]{2}){5}) > \S+, ethertype IPv4 \(0x0800\), length \d+: (\d{1,3}(?:\.\d{1,3}){3}) > [\d.]+: VRRPv[23], Advertisement, vrid (\d{1,3}), prio (\d{1,3}),.*?\bintvl (\d+)(s|cs)\b/;

/** One `tcpdump -n -e -t` line of a VRRP advert, or null for anything else. */
export function parseAdvertLine(line: string): Omit<SeenAdvert, "count"> | null {
  const m = ADVERT.exec(line);
  if (!m?.[1] || !m[2] || !m[3] || !m[4] || !m[5]) return null;
  const vrid = Number(m[3]);
  const priority = Number(m[4]);
  if (vrid < 1 || vrid > 255 || priority > 255) return null;
  const interval = Number(m[5]);
  return {
    mac: m[1],
    source: m[2],
    vrid,
    priority,
    intervalS: m[6] === "cs" ? interval / 100 : interval,
  };
}

export function parseSegmentTail(answer: string): SegmentTail {
  const sections = splitSections(answer);
  const capture = sections.get("vrrp_capture");
  const seen: SeenAdvert[] = [];
  for (const line of (sections.get("vrrp_seen") ?? "").split("\n")) {
    const m = /^(\d+) (.*)$/.exec(line);
    const advert = m?.[2] ? parseAdvertLine(m[2]) : null;
    if (advert && seen.length < MAX_SPEAKERS) seen.push({ ...advert, count: Number(m?.[1]) });
  }
  const counters: AdvertCounters[] = [];
  for (const line of (sections.get("vrrp_counters") ?? "").split("\n")) {
    const m = /^(\d{1,3}) (\d{1,15}) (\d{1,15})$/.exec(line.trim());
    if (m) counters.push({ vrid: Number(m[1]), sent: Number(m[2]), received: Number(m[3]) });
  }
  return {
    capture: capture === "on" || capture === "starting" || capture === "no-tcpdump" ? capture : null,
    seen,
    counters,
  };
}
