/**
 * What changed on a node between two consecutive observations, as timeline events. Pure.
 * Only transitions produce events, so a steady node writes nothing to the timeline.
 */
import type { NodeObservation } from "./observation";

export type NodeEventKind = "vip" | "vrrp" | "reachability" | "haproxy" | "reload" | "server" | "hostkey";

export interface NodeEvent {
  kind: NodeEventKind;
  node: string;
  message: string;
}

export function nodeEvents(previous: NodeObservation | null, next: NodeObservation): NodeEvent[] {
  const events: NodeEvent[] = [];
  const add = (kind: NodeEventKind, message: string) =>
    events.push({ kind, node: next.node, message: `${next.node}: ${message}` });
  const wasReachable = previous?.reachable ?? null;
  if (wasReachable !== next.reachable) {
    if (!next.reachable) add("reachability", `unreachable (${next.error ?? "no answer"})`);
    else if (wasReachable === false) add("reachability", "reachable again");
  }
  // Also on a poller's first sight (it restarts when a pin changes): a refused key is always news.
  if ((previous?.hostKey ?? "pinned") !== next.hostKey && next.hostKey === "mismatch")
    add("hostkey", "host key changed; connection refused");
  if (!next.reachable) return events;
  const before = previous?.reachable ? previous : null;

  const heldBefore = new Set(before?.vipsHeld ?? []);
  const heldNow = new Set(next.vipsHeld);
  for (const vip of heldNow) if (!heldBefore.has(vip)) add("vip", `acquired VIP ${vip}`);
  for (const vip of heldBefore) if (!heldNow.has(vip)) add("vip", `released VIP ${vip}`);

  const stateBefore = before?.keepalived?.running ? before.keepalived.state : before ? "down" : null;
  const stateNow = next.keepalived?.running ? next.keepalived.state : "down";
  if (stateBefore !== stateNow && stateNow !== null) {
    add(
      "vrrp",
      stateBefore === null ? `keepalived ${stateNow}` : `keepalived ${stateBefore ?? "?"} → ${stateNow}`,
    );
  }

  const upBefore = before ? (before.haproxy?.running ?? false) : null;
  const upNow = next.haproxy?.running ?? false;
  if (upBefore !== null && upBefore !== upNow) add("haproxy", upNow ? "HAProxy started" : "HAProxy stopped");
  const reloadsBefore = before?.haproxy?.reloads;
  const reloadsNow = next.haproxy?.reloads;
  if (reloadsBefore != null && reloadsNow != null && reloadsNow > reloadsBefore) {
    const failedNow = next.haproxy?.failedReloads ?? 0;
    const failed = failedNow > (before?.haproxy?.failedReloads ?? 0);
    add(
      "reload",
      failed ? `HAProxy reload FAILED (reload #${reloadsNow})` : `HAProxy reloaded (reload #${reloadsNow})`,
    );
  }

  if (before) {
    const statusBefore = new Map(
      before.haproxy?.servers.map((s) => [`${s.backend}/${s.server}`, s.status]) ?? [],
    );
    for (const s of next.haproxy?.servers ?? []) {
      const key = `${s.backend}/${s.server}`;
      const old = statusBefore.get(key);
      if (old !== undefined && majorStatus(old) !== majorStatus(s.status))
        add("server", `${key} ${old} → ${s.status}`);
    }
  }
  return events;
}

/** "UP 1/3" and "UP" are the same state for the timeline: transitions between them are check noise. */
function majorStatus(status: string): string {
  return status.split(" ")[0] ?? status;
}
