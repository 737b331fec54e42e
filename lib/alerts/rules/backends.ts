/**
 * Backends as the node serving traffic sees them (the VIP holder; every reachable node when none holds
 * it): a backend with no server taking traffic is critical, one with servers down a warning. Only
 * servers the definition declares count: names a node invents open nothing. The warning stays while
 * the critical holds (all down is also some down): an escalation opens the critical beside it and
 * never resolves the warning first, which would read as a recovery.
 */
import { serverTakesTraffic } from "@/lib/probes/parse/haproxy-stat";
import type { ServerObservation } from "@/lib/status/observation";
import { isDeclared } from "@/lib/status/declared-servers";
import { freshReachable, seconds } from "../observations";
import type { Condition, Rule } from "../types";

export const backends: Rule = (input) => {
  const reachable = freshReachable(input).filter((o) => o.haproxy?.running);
  const holders = reachable.filter((o) => o.vipsHeld.length > 0);
  const serving = holders.length > 0 ? holders : reachable;
  const perBackend = new Map<string, Record<string, ServerObservation[]>>();
  for (const o of serving) {
    for (const server of o.haproxy?.servers ?? []) {
      if (!isDeclared(input.subject.backends, server.backend, server.server)) continue;
      const byNode = perBackend.get(server.backend) ?? {};
      (byNode[o.node] ??= []).push(server);
      perBackend.set(server.backend, byNode);
    }
  }
  const holdMs = seconds(input.subject.settings.hold.backends);
  const conditions: Condition[] = [];
  for (const [backend, byNode] of [...perBackend].sort(([a], [b]) => a.localeCompare(b))) {
    const lists = Object.values(byNode);
    const evidence = {
      backend,
      servers: Object.fromEntries(
        Object.entries(byNode).map(([node, servers]) => [
          node,
          servers.map((s) => `${s.server} ${s.status}${s.checkStatus ? ` (${s.checkStatus})` : ""}`),
        ]),
      ),
    };
    if (lists.some((servers) => !servers.some((s) => serverTakesTraffic(s.status)))) {
      conditions.push({
        rule: "backends",
        key: `${backend}:no-server`,
        severity: "critical",
        summary: `backend ${backend} has no server taking traffic`,
        holdMs,
        evidence,
      });
    }
    const down = Math.max(
      ...lists.map((servers) => servers.filter((s) => s.status.startsWith("DOWN")).length),
    );
    if (down > 0) {
      const total = Math.max(...lists.map((servers) => servers.length));
      conditions.push({
        rule: "backends",
        key: `${backend}:servers-down`,
        severity: "warning",
        summary: `backend ${backend}: ${down} of ${total} servers down`,
        holdMs,
        evidence,
      });
    }
  }
  return conditions;
};
