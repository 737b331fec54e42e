/** Whether a node's backends came back as healthy as they were before a reload. Pure. */
import { serverTakesTraffic, type StatRow } from "@/lib/probes/parse/haproxy-stat";
import { durationMs } from "./duration";
import type { ClusterDefinition } from "@/lib/cluster/definition";

export type ServerHealth = Record<string, boolean>;

export function serverHealth(rows: StatRow[]): ServerHealth {
  return Object.fromEntries(
    rows
      .filter((r) => r.type === "server")
      .map((r) => [`${r.proxy}/${r.name}`, serverTakesTraffic(r.status)]),
  );
}

const backendOf = (key: string) => key.slice(0, key.indexOf("/"));

/**
 * What is less healthy than before: a server that took traffic and still exists but does not now, or
 * a backend with fewer servers taking traffic than before (or than it now has, when servers were
 * removed). The second catches servers renamed or moved to an address that does not answer.
 */
export function lostServers(before: ServerHealth, after: ServerHealth): string[] {
  const lost = Object.entries(before)
    .filter(([key, up]) => up && key in after && !after[key])
    .map(([key]) => key);
  const count = (health: ServerHealth, backend: string, up: boolean) =>
    Object.entries(health).filter(([key, u]) => backendOf(key) === backend && (!up || u)).length;
  for (const backend of new Set(Object.keys(after).map(backendOf))) {
    const wanted = Math.min(count(before, backend, true), count(after, backend, false));
    const upNow = count(after, backend, true);
    if (upNow < wanted && !lost.some((key) => backendOf(key) === backend))
      lost.push(`${backend} (${upNow} of ${wanted} servers up)`);
  }
  return lost.sort();
}

/**
 * How long after a reload a health verdict means something: a server starts UP and is marked DOWN
 * only after `fall` failed checks `inter` apart (HAProxy defaults: 2 s, 3).
 */
export function healthSettleMs(definition: ClusterDefinition): number {
  const per = definition.haproxy.backends.map(
    (b) => durationMs(b.defaultServer?.inter ?? "2s") * (b.defaultServer?.fall ?? 3),
  );
  return Math.min(60_000, Math.max(2_000, ...per) + 1_000);
}
