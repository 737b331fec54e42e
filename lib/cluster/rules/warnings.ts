/** The design article's gotchas, reported as warnings: a pair that works today but fails badly later. Pure. */
import type { ClusterDefinition } from "../schema/definition";
import { nodeView, trackedScripts } from "../node-view";
import { takenNotifyStates } from "../render/notify-script";
import { riskyDirectiveWarnings } from "./risky-directives";
import type { FieldIssue } from "./types";

const REACHABILITY_COMMANDS = /(^|\/)(ping|fping|arping|nc|curl)(\s|$)/;

export function definitionWarnings(definition: ClusterDefinition): FieldIssue[] {
  const warnings: FieldIssue[] = [];
  const { vrrp, haproxy } = definition;
  const tracked = trackedScripts(definition);
  if (tracked.length === 0) {
    warnings.push({
      path: "vrrp.trackScripts",
      message:
        "no track script: if HAProxy dies on the master, the VIP stays there and traffic blackholes (add chk_haproxy)",
    });
  } else if (!tracked.some((s) => REACHABILITY_COMMANDS.test(s.script.split(/\s+/)[0] ?? ""))) {
    warnings.push({
      path: "vrrp.trackScripts",
      message:
        "no gateway check: a network-isolated node keeps claiming MASTER (split-brain); add a chk_gateway ping of a third host",
    });
  }
  if (vrrp.mode === "multicast")
    warnings.push({
      path: "vrrp.mode",
      message: "multicast VRRP: unicast_peer avoids a class of switch-level VRRP problems",
    });
  if (haproxy.defaults.mode === "http" && !haproxy.defaults.options.includes("idle-close-on-response")) {
    // Measured in the lab: without it, each reload resets a few keep-alive requests at 500 req/s.
    warnings.push({
      path: "haproxy.defaults.options",
      message:
        "a reload closes idle keep-alive connections under clients about to reuse them (resets); add idle-close-on-response so the old process answers their next request first",
    });
  }
  if (!vrrp.authPass)
    warnings.push({
      path: "vrrp.authPass",
      message: "no VRRP authentication: any host on the segment can join the group",
    });
  haproxy.backends.forEach((backend, i) => {
    if (backend.servers.length > 0 && !backend.healthCheck) {
      warnings.push({
        path: `haproxy.backends.${i}.healthCheck`,
        message: `${backend.name} has no HTTP health check: a hung or failing server keeps receiving traffic`,
      });
    }
    backend.servers.forEach((server, j) => {
      if (!server.check)
        warnings.push({
          path: `haproxy.backends.${i}.servers.${j}.check`,
          message: `${server.name} is never health-checked`,
        });
    });
  });
  const vips = new Set(definition.vips.map((v) => v.address));
  haproxy.frontends.forEach((frontend, i) => {
    frontend.binds.forEach((bind, j) => {
      if (bind.address !== "*" && !vips.has(bind.address)) {
        warnings.push({
          path: `haproxy.frontends.${i}.binds.${j}.address`,
          message: `${bind.address} is not one of the cluster's VIPs`,
        });
      }
    });
  });
  definition.nodes.forEach((node, i) => {
    const taken = node.notify ? takenNotifyStates(nodeView(definition, node).extra) : [];
    if (taken.length > 0)
      warnings.push({
        path: `nodes.${i}.notify`,
        message: `${node.name} has its own notify and notify_${taken.map((s) => s.toLowerCase()).join("/notify_")} lines, so hapair's state hook does not hear ${taken.join(", ")} there (the poller still reads keepalived's own state)`,
      });
  });
  warnings.push(...riskyDirectiveWarnings(definition));
  return warnings;
}
