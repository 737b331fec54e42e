import { DataRow, DataTable } from "@/app/_components/ui/table";
import { Note } from "@/app/_components/ui/states";
import type { VridSpeakers } from "@/lib/status/segment-speakers";

/** The VRRP speakers the nodes' captures see on the segment, per VRID; a stranger on ours is flagged. */
export function SegmentSpeakers({ segment }: { segment: VridSpeakers[] }) {
  if (segment.length === 0)
    return <Note>No VRRP capture on the nodes yet (tcpdump needed on the node).</Note>;
  return (
    <DataTable
      headers={["VRID", "Source", "MAC", "Priority", "Interval", "Seen by"]}
      testId="segment-speakers"
    >
      {segment.flatMap(({ vrid, own, speakers }) =>
        speakers.map((s) => (
          <DataRow key={`${vrid} ${s.source} ${s.mac}`}>
            <td className="px-3 py-2 font-mono">
              {vrid}
              {own && " (ours)"}
            </td>
            <td className="px-3 py-2 font-mono">
              {s.source}
              {own && !s.ours && (
                <strong className="ml-2 text-red-700" data-testid="vrid-intruder">
                  not our node
                </strong>
              )}
            </td>
            <td className="px-3 py-2 font-mono">{s.mac}</td>
            <td className="px-3 py-2">{s.priority}</td>
            <td className="px-3 py-2">{s.intervalS} s</td>
            <td className="px-3 py-2">{s.seenBy.join(", ")}</td>
          </DataRow>
        )),
      )}
    </DataTable>
  );
}
