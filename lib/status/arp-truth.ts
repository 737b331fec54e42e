/** One ARP truth reading (issue 21 item 3), as the agents write it and the stale-arp rule reads it. Plain data. */
import type { NeighbourEntry } from "@/lib/probes/parse/arp";

export interface ArpVipTruth {
  vip: string;
  /** The node that held the VIP when the check ran (null: none or both). */
  holder: string | null;
  /** Epoch ms the VIP was last seen moving onto the holder; null when unknown. */
  movedAt: number | null;
  /** The MACs that answered the peer's arping (the peer: the node not holding the VIP). */
  peer: { node: string; macs: string[] } | { node: string; error: string } | null;
  /** The witness host's neighbour entry for the VIP (null: it has none). */
  witness: { host: string; entry: NeighbourEntry | null } | { host: string; error: string } | null;
}

export interface ArpTruth {
  at: string;
  /** Each node's MAC on the VIP's interface (null when it could not be read). */
  macs: Record<string, string | null>;
  vips: ArpVipTruth[];
  /** `arpCheck.staleAfterSeconds` in ms: how long the witness may keep the old MAC after a move. */
  staleAfterMs: number;
}

/** The keepalived settings that make the new master repeat and refresh its gratuitous ARP. */
export const GARP_SETTINGS = [
  "garp_master_refresh (vrrp_garp_master_refresh in global_defs): resend GARP every N s while MASTER",
  "vrrp_garp_master_repeat (garp_master_repeat per instance): GARPs sent at each transition",
  "garp_master_delay (vrrp_garp_master_delay): a second GARP burst N s after becoming MASTER",
] as const;
