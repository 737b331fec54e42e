/**
 * Stale ARP: the witness host still sends the VIP's traffic to the old holder's MAC (gratuitous ARP
 * dropped by a switch or ignored by a router: "traffic still goes to the old one for 5+ minutes"), or
 * the peer node's arping is answered by a MAC that is not the holder's. The witness may lag for
 * `arpCheck.staleAfterSeconds` (the condition's hold). A reading taken before the latest VIP move says
 * nothing about it and is ignored (the agents check again right after every move).
 */
import { GARP_SETTINGS } from "@/lib/status/arp-truth";
import { freshReachable } from "../observations";
import type { Condition, Rule } from "../types";

export const staleArp: Rule = (input) => {
  const arp = input.arp;
  if (!arp) return [];
  const fresh = freshReachable(input);
  const conditions: Condition[] = [];
  const owner = (mac: string) => Object.entries(arp.macs).find(([, m]) => m === mac)?.[0] ?? null;
  for (const truth of arp.vips) {
    const holdersNow = fresh.filter((o) => o.vipsHeld.includes(truth.vip)).map((o) => o.node);
    const holder = truth.holder;
    if (!holder || holdersNow.length !== 1 || holdersNow[0] !== holder) continue;
    const holderMac = arp.macs[holder] ?? null;
    if (!holderMac) continue;
    const named = (mac: string) =>
      `${mac}${owner(mac) ? ` (${owner(mac)})` : " (not a node of this cluster)"}`;
    const witness = truth.witness;
    const entryMac = witness && "entry" in witness ? witness.entry?.mac : null;
    if (witness && entryMac && entryMac !== holderMac) {
      conditions.push({
        rule: "stale-arp",
        key: `witness:${truth.vip}`,
        severity: "critical",
        summary: `witness ${witness.host} still sends VIP ${truth.vip} to ${named(entryMac)}, not to ${holder} (${holderMac}): gratuitous ARP did not reach it; consider garp_master_refresh, vrrp_garp_master_repeat, garp_master_delay`,
        holdMs: arp.staleAfterMs,
        evidence: {
          vip: truth.vip,
          witness: witness.host,
          witnessMac: entryMac,
          witnessMacOf: owner(entryMac),
          witnessState: "entry" in witness ? (witness.entry?.state ?? null) : null,
          holder,
          holderMac,
          movedAt: truth.movedAt === null ? null : new Date(truth.movedAt).toISOString(),
          checkedAt: arp.at,
          suggest: GARP_SETTINGS,
        },
      });
    }
    const peer = truth.peer;
    if (
      peer &&
      "macs" in peer &&
      peer.macs.length > 0 &&
      (peer.macs.length > 1 || peer.macs[0] !== holderMac)
    ) {
      conditions.push({
        rule: "stale-arp",
        key: `peer:${truth.vip}`,
        severity: "warning",
        summary: `${peer.node}'s arping for VIP ${truth.vip} is answered by ${peer.macs.map(named).join(" and ")}, not only by ${holder} (${holderMac})`,
        holdMs: arp.staleAfterMs,
        evidence: {
          vip: truth.vip,
          peer: peer.node,
          answered: peer.macs,
          holder,
          holderMac,
          checkedAt: arp.at,
        },
      });
    }
  }
  return conditions;
};
