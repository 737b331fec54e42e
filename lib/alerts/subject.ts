/** A cluster definition reduced to what the alert rules read. Pure. */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { segmentOf } from "@/lib/cluster/net";
import { alertingSettings } from "@/lib/cluster/schema/alerting";
import { declaredServers } from "@/lib/status/declared-servers";
import type { AlertSubject } from "./types";

export function alertSubject(definition: ClusterDefinition): AlertSubject {
  return {
    name: definition.name,
    nodes: definition.nodes.map((node) => ({ name: node.name, role: node.role, address: node.address })),
    vips: definition.vips,
    virtualRouterId: definition.vrrp.virtualRouterId,
    segments: definition.vips.map(segmentOf),
    backends: declaredServers(definition),
    settings: alertingSettings(definition.alerting),
  };
}
