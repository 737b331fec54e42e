/** Whether a node's backends came back as healthy as they were before a reload. Pure. */
import { serverTakesTraffic, type StatRow } from "@/lib/probes/parse/haproxy-stat";
import { durationMs } from "./duration";
import type { ClusterDefinition } from "@/lib/cluster/definition";

export type ServerHealth = Record<string, boolean>;

export function serverHealth(rows: StatRow[]): ServerHealth {
  return Object.fromEntries(rows.filter((r) => r.type === "server").map((r) => [`${r.proxy}/${r.name}`, serverTakesTraffic(r.status)]));
}

/** Servers that took traffic before and still exist but do not now. */
export function lostServers(before: ServerHealth, after: ServerHealth): string[] {
  return Object.entries(before)
    .filter(([key, up]) => up && key in after && !after[key])
    .map(([key]) => key)
    .sort();
}

/**
 * How long after a reload a health verdict means something: a server starts UP and is marked DOWN
 * only after `fall` failed checks `inter` apart (HAProxy defaults: 2 s, 3).
 */
export function healthSettleMs(definition: ClusterDefinition): number {
  const per = definition.haproxy.backends.map((b) => durationMs(b.defaultServer?.inter ?? "2s") * (b.defaultServer?.fall ?? 3));
  return Math.min(60_000, Math.max(2_000, ...per) + 1_000);
}
