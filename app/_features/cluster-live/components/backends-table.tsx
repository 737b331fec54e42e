import type { ServerActionView } from "@/lib/runtime-api/server-action";
import type { LiveNode } from "@/lib/status/cluster-live-view";
import type { ServerObservation } from "@/lib/status/observation";
import {
  isDeclared,
  unknownServers,
  UNKNOWN_LISTED_MAX,
  type DeclaredServers,
} from "@/lib/status/declared-servers";
import {
  adminStateOfServer,
  adminStateOfStatus,
  describeDrift,
  intendedAction,
  runtimeDrift,
} from "@/lib/status/runtime-drift";
import { Note } from "@/app/_components/ui/states";
import { DataRow, DataTable } from "@/app/_components/ui/table";
import { ServerActionButtons } from "./server-action-buttons";

/** A drain or maintenance the status does not show (a DOWN server's), from `show servers state`. */
function hiddenAdminState(server: ServerObservation): string | null {
  const admin = adminStateOfServer(server);
  return admin !== "READY" && admin !== adminStateOfStatus(server.status) ? admin : null;
}

function statusClass(status: string | undefined): string {
  if (!status) return "text-slate-400";
  if (status.startsWith("UP") || status === "no check") return "text-emerald-700";
  if (status.startsWith("DRAIN") || status.startsWith("NOLB")) return "text-amber-700";
  return "text-red-700";
}

/**
 * One row per backend server, one column per node (the same server can differ between nodes), and the
 * runtime actions that apply to both nodes. `actions` is newest first. Servers the definition does not
 * declare get no row: they are named once below the table as unknown on node (and never alert).
 */
export function BackendsTable({
  clusterId,
  nodes,
  declared,
  actions,
}: {
  clusterId: string;
  nodes: LiveNode[];
  declared: DeclaredServers;
  actions: ServerActionView[];
}) {
  const keys = new Map<string, { backend: string; server: string }>();
  const reported = nodes.flatMap((node) => node.observation?.haproxy?.servers ?? []);
  for (const s of reported)
    if (isDeclared(declared, s.backend, s.server))
      keys.set(`${s.backend}/${s.server}`, { backend: s.backend, server: s.server });
  const unknown = unknownServers(declared, reported);
  const drifts = runtimeDrift(
    nodes.flatMap((node) => (node.observation ? [node.observation] : [])),
    declared,
  );
  const unknownNote = unknown.length > 0 && (
    <p className="text-sm text-amber-700" data-testid="unknown-on-node">
      Unknown on node ({unknown.length}, not in the definition, not alerted on):{" "}
      {unknown.slice(0, UNKNOWN_LISTED_MAX).join(", ")}
      {unknown.length > UNKNOWN_LISTED_MAX && ` and ${unknown.length - UNKNOWN_LISTED_MAX} more`}
    </p>
  );
  if (keys.size === 0) return unknownNote || <Note>No backend data yet.</Note>;
  return (
    <>
      <DataTable headers={["Backend", "Server", ...nodes.map((node) => node.name), "Actions (both nodes)"]}>
        {[...keys.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([key, { backend, server }]) => {
            const drift = drifts.find((d) => d.backend === backend && d.server === server);
            return (
              <DataRow key={key} testId={`server-row-${backend}-${server}`}>
                <td className="px-3 py-2 font-mono text-xs">{backend}</td>
                <td className="px-3 py-2 font-mono text-xs">{server}</td>
                {nodes.map((node) => {
                  const s = node.observation?.haproxy?.servers.find(
                    (x) => x.backend === backend && x.server === server,
                  );
                  return (
                    <td
                      key={node.id}
                      className={`px-3 py-2 font-mono text-xs ${statusClass(s?.status)}`}
                      data-testid={`server-state-${node.name}`}
                    >
                      {s ? `${s.status}${s.checkStatus ? ` (${s.checkStatus})` : ""}` : "—"}
                      {s && hiddenAdminState(s) && ` · ${hiddenAdminState(s)}`}
                      {s && drift?.differs.includes("weight") && ` weight ${s.weight ?? "?"}`}
                    </td>
                  );
                })}
                <td className="px-3 py-2">
                  {drift && (
                    <p className="mb-1 text-xs text-amber-700" data-testid="runtime-drift">
                      Differs between the nodes: {describeDrift(drift)}
                    </p>
                  )}
                  <ServerActionButtons
                    clusterId={clusterId}
                    backend={backend}
                    server={server}
                    latest={actions.find((a) => a.backend === backend && a.server === server)}
                    align={drift ? intendedAction(actions, backend, server) : undefined}
                  />
                </td>
              </DataRow>
            );
          })}
      </DataTable>
      {unknownNote}
    </>
  );
}
