/** What a node sees of its VRRP segment: plain data, written by the poller, read by rules and the UI. */

/** One VRRP speaker a node's capture saw on its VRRP interface within the last few adverts. */
export interface VrrpSpeaker {
  source: string;
  mac: string;
  vrid: number;
  priority: number;
  /** Advert interval in seconds, as the advert carries it. */
  intervalS: number;
  /** One of the observing node's own addresses (its own adverts, seen leaving). */
  self: boolean;
}

export interface SegmentView {
  interface: string;
  /** "on": a capture runs; "starting": none yet (just started, or it stopped); "no-tcpdump": the node cannot capture. */
  capture: "on" | "starting" | "no-tcpdump";
  speakers: VrrpSpeaker[];
}

/** Adverts keepalived sent and received for one instance over a span ending at the reading. */
export interface AdvertSpan {
  ms: number;
  sent: number;
  received: number;
}

/**
 * One instance's advert counters over two spans: `long` (about 30 s) for partial loss, `short` (since
 * the previous poll's reading) for "does not hear at all". Changes every poll, so it is stored beside the
 * observation's state (NodeObservation.adverts column), not in it.
 */
export interface AdvertWindow {
  vrid: number;
  /** Epoch ms of keepalived's reading the spans end at. */
  at: number;
  long: AdvertSpan;
  short: AdvertSpan;
}
