/**
 * Derives a cluster's status from the latest observation of each of its two nodes. Pure.
 * Order of precedence: unknown (no fresh data) > pending > split-brain > no holder > degraded > healthy.
 * "pending": no node reachable and every one seen waits for its first host-key acceptance (a pair
 * just registered), which is set-up, not an outage.
 */
import { serverTakesTraffic } from "@/lib/probes/parse/haproxy-stat";
import type { NodeObservation } from "./observation";

export type ClusterHealth = "healthy" | "degraded" | "split-brain" | "no-holder" | "unknown" | "pending";

export interface ClusterStatus {
  health: ClusterHealth;
  /** Node holding the VIP when exactly one does. */
  holder: string | null;
  reasons: string[];
}

export interface StatusInput {
  nodes: string[];
  vips: string[];
  /** Latest observation per node name (missing when never polled). */
  observations: Record<string, NodeObservation | undefined>;
  now: Date;
  staleAfterMs: number;
}

export function deriveClusterStatus(input: StatusInput): ClusterStatus {
  const { nodes, observations, now, staleAfterMs } = input;
  const fresh = nodes.flatMap((name) => {
    const observation = observations[name];
    return observation && now.getTime() - Date.parse(observation.at) <= staleAfterMs ? [observation] : [];
  });
  if (fresh.length === 0)
    return { health: "unknown", holder: null, reasons: ["no fresh observation of any node"] };

  const reasons: string[] = [];
  const staleNodes = nodes.filter((name) => !fresh.some((o) => o.node === name));
  for (const name of staleNodes) reasons.push(`${name}: no fresh data`);

  const reachable = fresh.filter((o) => o.reachable);
  for (const o of fresh.filter((o) => !o.reachable))
    reasons.push(
      awaitsHostKey(o)
        ? `${o.node}: awaiting host-key acceptance`
        : `${o.node}: unreachable (${o.error ?? "no answer"})`,
    );
  if (reachable.length === 0 && staleNodes.length === 0 && fresh.every(awaitsHostKey))
    return { health: "pending", holder: null, reasons };

  const holders = reachable.filter((o) => o.vipsHeld.length > 0).map((o) => o.node);
  const masters = reachable.filter((o) => o.keepalived?.state === "MASTER").map((o) => o.node);
  if (holders.length > 1 || masters.length > 1) {
    const what =
      holders.length > 1
        ? `VIP held by ${holders.join(" and ")}`
        : `MASTER reported by ${masters.join(" and ")}`;
    return { health: "split-brain", holder: null, reasons: [what, ...reasons] };
  }
  if (holders.length === 0) {
    if (reachable.length === 0)
      return { health: "unknown", holder: null, reasons: ["no node reachable", ...reasons] };
    // A node hapair cannot see now may hold the VIP (it came back before hapair reconnected): that is
    // not knowing the holder, not knowing there is none.
    const unseen = nodes.filter((name) => !reachable.some((o) => o.node === name));
    if (unseen.length > 0)
      return {
        health: "unknown",
        holder: null,
        reasons: [
          `VIP holder unknown: no reachable node holds the VIP and ${unseen.join(", ")} cannot be seen`,
          ...reasons,
        ],
      };
    return { health: "no-holder", holder: null, reasons: ["no reachable node holds the VIP", ...reasons] };
  }

  for (const o of reachable) reasons.push(...nodeProblems(o, holders.includes(o.node)));
  reasons.push(...driftBetween(reachable));
  return { health: reasons.length === 0 ? "healthy" : "degraded", holder: holders[0] ?? null, reasons };
}

/** A node whose host key was never accepted: hapair has not been allowed to look at it yet. */
export function awaitsHostKey(o: NodeObservation): boolean {
  return !o.reachable && o.hostKey === "unknown";
}

function nodeProblems(o: NodeObservation, holdsVip: boolean): string[] {
  const problems: string[] = [];
  if (!o.keepalived?.running) problems.push(`${o.node}: keepalived is not running`);
  else if (o.keepalived.state === "FAULT") problems.push(`${o.node}: keepalived in FAULT`);
  if (!o.haproxy?.running) {
    problems.push(
      holdsVip
        ? `${o.node}: HAProxy is down on the VIP holder (traffic blackholed)`
        : `${o.node}: HAProxy is down`,
    );
  }
  if (o.nonlocalBind === false) problems.push(`${o.node}: net.ipv4.ip_nonlocal_bind is off`);
  const byBackend = new Map<string, string[]>();
  for (const server of o.haproxy?.servers ?? []) {
    const statuses = byBackend.get(server.backend) ?? [];
    statuses.push(server.status);
    byBackend.set(server.backend, statuses);
  }
  for (const [backend, statuses] of byBackend) {
    const serving = statuses.filter(serverTakesTraffic).length;
    const down = statuses.filter((status) => status.startsWith("DOWN")).length;
    if (serving === 0) problems.push(`${o.node}: backend ${backend} has no server taking traffic`);
    else if (down > 0)
      problems.push(`${o.node}: backend ${backend} has ${down} of ${statuses.length} servers down`);
  }
  return problems;
}

function driftBetween(reachable: NodeObservation[]): string[] {
  const [a, b] = reachable;
  if (!a || !b) return [];
  const files = new Set([...Object.keys(a.checksums), ...Object.keys(b.checksums)]);
  // keepalived.conf legitimately differs per node; drift there is judged against the pushed revision.
  files.delete("keepalived.conf");
  return [...files]
    .filter((file) => a.checksums[file] !== b.checksums[file])
    .sort()
    .map((file) => `${file} differs between ${a.node} and ${b.node}`);
}
