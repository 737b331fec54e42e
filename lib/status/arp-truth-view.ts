/**
 * The newest ARP truth reading as the cluster page shows it: per VIP, the holder's MAC, what the
 * witness host's neighbour table holds and what answered the peer's arping, each MAC named by the
 * node it belongs to, and whether the witness agrees with the holder; plus the stale-arp incidents
 * open for the cluster. Pure.
 */
import type { ArpTruth } from "./arp-truth";

export interface NamedMac {
  mac: string;
  /** The cluster's node with this MAC, null when none of them. */
  node: string | null;
}

export interface ArpVipView {
  vip: string;
  holder: string | null;
  holderMac: string | null;
  /** "agrees": the witness's entry is the holder's MAC; "stale": another MAC; "unknown": no entry, an error or no holder. */
  verdict: "agrees" | "stale" | "unknown";
  witness:
    { host: string; entry: (NamedMac & { state: string }) | null } | { host: string; error: string } | null;
  peer: { node: string; answered: NamedMac[] } | { node: string; error: string } | null;
}

export interface ArpIncidentView {
  key: string;
  state: "pending" | "firing";
  summary: string;
  since: string;
}

export interface ArpView {
  at: string;
  staleAfterS: number;
  vips: ArpVipView[];
  incidents: ArpIncidentView[];
}

export function arpTruthView(truth: ArpTruth, incidents: ArpIncidentView[]): ArpView {
  const named = (mac: string): NamedMac => ({
    mac,
    node: Object.entries(truth.macs).find(([, m]) => m === mac)?.[0] ?? null,
  });
  return {
    at: truth.at,
    staleAfterS: truth.staleAfterMs / 1000,
    incidents,
    vips: truth.vips.map((v): ArpVipView => {
      const holderMac = v.holder ? (truth.macs[v.holder] ?? null) : null;
      const w = v.witness;
      const entry = w && "entry" in w ? w.entry : null;
      const witness: ArpVipView["witness"] = !w
        ? null
        : "error" in w
          ? { host: w.host, error: w.error }
          : { host: w.host, entry: entry?.mac ? { ...named(entry.mac), state: entry.state } : null };
      const p = v.peer;
      const peer: ArpVipView["peer"] = !p
        ? null
        : "error" in p
          ? { node: p.node, error: p.error }
          : { node: p.node, answered: p.macs.map(named) };
      return {
        vip: v.vip,
        holder: v.holder,
        holderMac,
        verdict: !holderMac || !entry?.mac ? "unknown" : entry.mac === holderMac ? "agrees" : "stale",
        witness,
        peer,
      };
    }),
  };
}
