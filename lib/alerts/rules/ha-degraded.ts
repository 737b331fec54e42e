/**
 * HA degraded, per node: unreachable, keepalived down or in FAULT, HAProxy down, nonlocal bind off, and
 * the article's blackhole (the VIP on a node whose HAProxy is down: traffic arrives and goes nowhere).
 * A node whose host key was never accepted is pending set-up, not unreachable: no page until an admin
 * has accepted its key (a changed key, "mismatch", still pages).
 */
import { awaitsHostKey } from "@/lib/status/cluster-status";
import { freshObservations, stateLabel, seconds } from "../observations";
import type { Condition, Rule } from "../types";

export const haDegraded: Rule = (input) => {
  const { hold } = input.subject.settings;
  const conditions: Condition[] = [];
  for (const o of freshObservations(input)) {
    const role = stateLabel(input, o);
    const add = (
      key: string,
      summary: string,
      severity: Condition["severity"] = "warning",
      holdSeconds = hold.haDegraded,
    ) =>
      conditions.push({
        rule: "ha-degraded",
        key: `${o.node}:${key}`,
        severity,
        summary: `${o.node} (${role}): ${summary}`,
        holdMs: seconds(holdSeconds),
        evidence: {
          node: o.node,
          at: o.at,
          error: o.error,
          keepalived: o.keepalived,
          haproxyRunning: o.haproxy?.running ?? null,
          haproxyError: o.haproxy?.error ?? null,
          vipsHeld: o.vipsHeld,
          nonlocalBind: o.nonlocalBind,
        },
      });
    if (awaitsHostKey(o)) continue;
    if (!o.reachable) {
      add("unreachable", `unreachable (${o.error ?? "no answer"})`);
      continue;
    }
    if (!o.keepalived?.running) add("keepalived-down", "keepalived is not running");
    else if (o.keepalived.state === "FAULT") add("keepalived-fault", "keepalived is in FAULT");
    if (!o.haproxy?.running) {
      add("haproxy-down", "HAProxy is down");
      if (o.vipsHeld.length > 0)
        add(
          "blackhole",
          `holds ${o.vipsHeld.join(", ")} while its HAProxy is down: traffic is blackholed`,
          "critical",
          hold.blackhole,
        );
    }
    if (o.nonlocalBind === false)
      add(
        "nonlocal-bind-off",
        "net.ipv4.ip_nonlocal_bind is off: HAProxy cannot bind the VIP before holding it",
      );
  }
  return conditions;
};
