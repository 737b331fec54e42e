/**
 * Prometheus text for a snapshot (prom-client, a fresh registry per scrape). Pure. Labels are
 * bounded: cluster, node and VIP come from the definition; backend and server only where the
 * definition declares them (a node inventing names adds no series), cut to 64 characters and at
 * most MAX_SERVER_SERIES per cluster; states and outcomes are fixed sets.
 */
import { Counter, Gauge, Registry } from "prom-client";
import { DRILL_STATUSES } from "@/lib/drill/types";
import { ROLLOUT_STATUSES } from "@/lib/rollout/types";
import { pollDurationsText } from "./poll-durations";
import type { MetricsCluster, MetricsSnapshot } from "./snapshot";

export const MAX_SERVER_SERIES = 1_000;
const VRRP_STATES = ["MASTER", "BACKUP", "FAULT", "unknown"] as const;
const SERVER_STATES = ["up", "down", "drain", "maint", "nolb", "other"] as const;
const label = (value: string) => value.slice(0, 64);

export function serverState(status: string): (typeof SERVER_STATES)[number] {
  const word = status.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  return (SERVER_STATES as readonly string[]).includes(word)
    ? (word as (typeof SERVER_STATES)[number])
    : "other";
}

function metrics(registry: Registry) {
  const gauge = (name: string, help: string, labelNames: string[]) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const counter = (name: string, help: string, labelNames: string[]) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  // Most series are per node of a cluster; a few add a label after those two.
  const NODE = ["cluster", "node"];
  return {
    vipHeld: gauge("hapair_vip_held", "1 when the node holds the VIP", [...NODE, "vip"]),
    vipHolders: gauge("hapair_cluster_vip_holders", "How many nodes hold any of the cluster's VIPs", [
      "cluster",
    ]),
    vrrpState: gauge("hapair_vrrp_state", "1 for the node's current VRRP state", [...NODE, "state"]),
    priority: gauge("hapair_vrrp_priority", "The node's base VRRP priority (definition)", NODE),
    effective: gauge("hapair_vrrp_effective_priority", "Effective VRRP priority as keepalived reports", NODE),
    reachable: gauge("hapair_node_reachable", "1 when the last poll read the node", NODE),
    haproxyUp: gauge("hapair_haproxy_up", "1 when HAProxy runs on the node", NODE),
    lastGood: gauge("hapair_node_last_good_poll_age_seconds", "Seconds since the node was last read", NODE),
    server: gauge("hapair_server_status", "1 for the server's current state per node (declared servers)", [
      ...NODE,
      "backend",
      "server",
      "state",
    ]),
    firing: gauge("hapair_alerts_firing", "Firing alert incidents by rule", ["cluster", "rule"]),
    rollouts: counter("hapair_rollouts_total", "Rollouts by outcome", ["cluster", "outcome"]),
    drills: counter("hapair_drills_total", "Failover drills by outcome", ["cluster", "outcome"]),
    deliveries: counter("hapair_notification_deliveries_total", "Notification delivery attempts by result", [
      "result",
    ]),
  };
}

function clusterSeries(m: ReturnType<typeof metrics>, cluster: MetricsCluster, now: Date): void {
  const c = label(cluster.name);
  let holders = 0;
  let serverSeries = 0;
  for (const node of cluster.nodes) {
    const n = label(node.name);
    const o = node.observation;
    const held = o?.reachable ? o.vipsHeld : [];
    if (cluster.vips.some((vip) => held.includes(vip))) holders++;
    for (const vip of cluster.vips) m.vipHeld.set({ cluster: c, node: n, vip }, held.includes(vip) ? 1 : 0);
    const state = (o?.reachable && o.keepalived?.state) || "unknown";
    for (const s of VRRP_STATES) m.vrrpState.set({ cluster: c, node: n, state: s }, s === state ? 1 : 0);
    m.priority.set({ cluster: c, node: n }, node.priority);
    if (o?.keepalived?.effectivePriority != null)
      m.effective.set({ cluster: c, node: n }, o.keepalived.effectivePriority);
    m.reachable.set({ cluster: c, node: n }, o?.reachable ? 1 : 0);
    m.haproxyUp.set({ cluster: c, node: n }, o?.reachable && o.haproxy?.running ? 1 : 0);
    if (node.lastGoodPollAt)
      m.lastGood.set(
        { cluster: c, node: n },
        Math.max(0, (now.getTime() - node.lastGoodPollAt.getTime()) / 1000),
      );
    for (const server of o?.reachable ? (o.haproxy?.servers ?? []) : []) {
      if (!cluster.declared[server.backend]?.includes(server.server)) continue;
      if (++serverSeries > MAX_SERVER_SERIES) break;
      const state = serverState(server.status);
      for (const s of SERVER_STATES)
        m.server.set(
          { cluster: c, node: n, backend: label(server.backend), server: label(server.server), state: s },
          s === state ? 1 : 0,
        );
    }
  }
  m.vipHolders.set({ cluster: c }, holders);
  for (const [rule, count] of Object.entries(cluster.firingByRule))
    m.firing.set({ cluster: c, rule: label(rule) }, count);
  for (const outcome of ROLLOUT_STATUSES)
    m.rollouts.inc({ cluster: c, outcome }, cluster.rolloutsByOutcome[outcome] ?? 0);
  for (const outcome of DRILL_STATUSES)
    m.drills.inc({ cluster: c, outcome }, cluster.drillsByOutcome[outcome] ?? 0);
}

export async function renderMetrics(
  snapshot: MetricsSnapshot,
): Promise<{ contentType: string; text: string }> {
  const registry = new Registry();
  const m = metrics(registry);
  for (const cluster of snapshot.clusters) clusterSeries(m, cluster, snapshot.now);
  for (const result of ["ok", "failed"])
    m.deliveries.inc({ result }, snapshot.deliveriesByResult[result] ?? 0);
  const durations = snapshot.clusters.flatMap((cluster) =>
    cluster.nodes.flatMap((node) =>
      node.pollDurations
        ? [
            {
              labels: { cluster: label(cluster.name), node: label(node.name) },
              durations: node.pollDurations,
            },
          ]
        : [],
    ),
  );
  const text = await registry.metrics();
  return {
    contentType: registry.contentType,
    text: `${text.endsWith("\n") ? text : `${text}\n`}${pollDurationsText(durations)}`,
  };
}
