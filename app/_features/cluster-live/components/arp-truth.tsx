import { DataRow, DataTable } from "@/app/_components/ui/table";
import { Note } from "@/app/_components/ui/states";
import type { ArpView, NamedMac } from "@/lib/status/arp-truth-view";

const named = (m: NamedMac) => `${m.mac} (${m.node ?? "not a node of this cluster"})`;

/** Where the VIP's ARP really points: the witness host's neighbour entry and the peer's arping, against the holder's MAC. */
export function ArpTruthPanel({ arp }: { arp: ArpView | null }) {
  if (!arp)
    return (
      <Note testId="arp-truth-none">No ARP reading yet (`arpCheck` in the definition turns it on).</Note>
    );
  return (
    <div className="space-y-2" data-testid="arp-truth">
      {arp.incidents.map((incident) => (
        <p
          key={incident.key}
          className={`text-sm ${incident.state === "firing" ? "text-red-700" : "text-amber-700"}`}
          data-testid="arp-incident"
        >
          stale-arp {incident.state} since {new Date(incident.since).toLocaleTimeString()}: {incident.summary}
        </p>
      ))}
      <DataTable headers={["VIP", "Holder", "Witness sees", "Peer's arping", "Verdict"]}>
        {arp.vips.map((v) => (
          <DataRow key={v.vip} testId={`arp-vip-${v.vip}`}>
            <td className="px-3 py-2 font-mono">{v.vip}</td>
            <td className="px-3 py-2 font-mono">
              {v.holder ? `${v.holder} ${v.holderMac ?? "(MAC unknown)"}` : "none"}
            </td>
            <td className="px-3 py-2 font-mono" data-testid="arp-witness">
              {!v.witness
                ? "no witness"
                : "error" in v.witness
                  ? `${v.witness.host}: ${v.witness.error}`
                  : `${v.witness.host}: ${v.witness.entry ? `${named(v.witness.entry)} ${v.witness.entry.state}` : "no entry"}`}
            </td>
            <td className="px-3 py-2 font-mono">
              {!v.peer
                ? "—"
                : "error" in v.peer
                  ? `${v.peer.node}: ${v.peer.error}`
                  : `${v.peer.node}: ${v.peer.answered.map(named).join(", ") || "no answer"}`}
            </td>
            <td
              className={`px-3 py-2 ${v.verdict === "stale" ? "font-semibold text-red-700" : v.verdict === "agrees" ? "text-emerald-700" : "text-slate-500"}`}
              data-testid="arp-verdict"
            >
              {v.verdict === "stale"
                ? `stale (allowed ${arp.staleAfterS} s after a move)`
                : v.verdict === "agrees"
                  ? "agrees with the holder"
                  : "unknown"}
            </td>
          </DataRow>
        ))}
      </DataTable>
      <Note>Read {new Date(arp.at).toLocaleTimeString()}.</Note>
    </div>
  );
}
