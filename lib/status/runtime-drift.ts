/**
 * Runtime state drift: a declared server whose admin state (READY, DRAIN, MAINT) or weight differs
 * between the two nodes, as each node's `show servers state` and `show stat` report it every poll.
 * A drain set by hand on one node's socket, or lost on one node, leaves the pair serving differently,
 * and a failover then silently changes capacity. Pure: the alert rule and the backends table share it.
 */
import type { AdminState } from "@/lib/runtime-api/runtime-commands";
import type { ServerActionKind } from "@/lib/runtime-api/server-action";
import { isDeclared, type DeclaredServers } from "./declared-servers";
import type { NodeObservation, ServerObservation } from "./observation";

export interface RuntimeDrift {
  backend: string;
  server: string;
  /** Per node (in the order given): its admin state and weight. */
  nodes: { node: string; adminState: AdminState; weight: number | null }[];
  /** What differs: the admin state, the weight, or both. */
  differs: ("admin state" | "weight")[];
}

/** The admin state a `show stat` status shows: MAINT ("MAINT (via b/s)", "MAINT (resolution)") wins over DRAIN. */
export function adminStateOfStatus(status: string): AdminState {
  if (status.startsWith("MAINT")) return "MAINT";
  if (status.startsWith("DRAIN")) return "DRAIN";
  return "READY";
}

/** `show servers state`'s admin state where the poll read it, else the one `show stat`'s status shows (DOWN hides it). */
export function adminStateOfServer(server: ServerObservation): AdminState {
  return server.adminState ?? adminStateOfStatus(server.status);
}

/**
 * Compares the declared servers both nodes report (reachable nodes with HAProxy answering only: a node
 * that cannot be read has no state to compare). A weight is compared only where both nodes report one.
 */
export function runtimeDrift(observations: NodeObservation[], declared: DeclaredServers): RuntimeDrift[] {
  const readable = observations.filter((o) => o.reachable && o.haproxy?.running);
  const [a, b] = readable;
  if (!a || !b) return [];
  const key = (s: { backend: string; server: string }) => `${s.backend}/${s.server}`;
  const onB = new Map((b.haproxy?.servers ?? []).map((s) => [key(s), s]));
  const drifts: RuntimeDrift[] = [];
  for (const sa of a.haproxy?.servers ?? []) {
    const sb = onB.get(key(sa));
    if (!sb || !isDeclared(declared, sa.backend, sa.server)) continue;
    const [adminA, adminB] = [adminStateOfServer(sa), adminStateOfServer(sb)];
    const [weightA, weightB] = [sa.weight ?? null, sb.weight ?? null];
    const differs: RuntimeDrift["differs"] = [];
    if (adminA !== adminB) differs.push("admin state");
    if (weightA !== null && weightB !== null && weightA !== weightB) differs.push("weight");
    if (differs.length === 0) continue;
    drifts.push({
      backend: sa.backend,
      server: sa.server,
      nodes: [
        { node: a.node, adminState: adminA, weight: weightA },
        { node: b.node, adminState: adminB, weight: weightB },
      ],
      differs,
    });
  }
  return drifts.sort((x, y) => key(x).localeCompare(key(y)));
}

/** One line for alerts and the table: "DRAIN on lb-02, READY on lb-01" / "weight 5 on lb-02, 1 on lb-01". */
export function describeDrift(drift: RuntimeDrift): string {
  const parts: string[] = [];
  if (drift.differs.includes("admin state"))
    parts.push(drift.nodes.map((n) => `${n.adminState} on ${n.node}`).join(", "));
  if (drift.differs.includes("weight"))
    parts.push(`weight ${drift.nodes.map((n) => `${n.weight ?? "?"} on ${n.node}`).join(", ")}`);
  return parts.join("; ");
}

/**
 * The state "align" sets on both nodes: what hapair was last told for this server (its newest action
 * that finished on both nodes), else READY, the state a reload from the shared haproxy.cfg starts in.
 * `actions` is newest first.
 */
export function intendedAction(
  actions: { backend: string; server: string; action: ServerActionKind; status: string }[],
  backend: string,
  server: string,
): ServerActionKind {
  return (
    actions.find((a) => a.backend === backend && a.server === server && a.status === "done")?.action ??
    "ready"
  );
}
