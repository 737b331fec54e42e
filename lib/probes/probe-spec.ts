/** What the node probe reads and where, from a cluster definition. Pure. */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { certificatePaths } from "@/lib/cluster/render";
import { nodeView } from "@/lib/cluster/node-view";
import type { NodeDefinition } from "@/lib/cluster/schema/keepalived";

/** Where things live on a node: Debian defaults, overridable per cluster. */
export interface ProbeSpec {
  vips: string[];
  haproxyConfigPath: string;
  keepalivedConfigPath: string;
  haproxyPidFile: string;
  adminSocket: string;
  masterSocket: string;
  keepalivedStateFile: string;
  certificatePaths: string[];
  /** The node's VRRP interface, where its probe captures the segment's adverts (absent: no capture). */
  vrrpInterface?: string;
}

/** With `node`, also where that node's VRRP adverts go (its own NIC name when it overrides it). */
export function probeSpec(definition: ClusterDefinition, node?: NodeDefinition): ProbeSpec {
  const { paths } = definition;
  return {
    vips: definition.vips.map((vip) => vip.address),
    haproxyConfigPath: paths.haproxyConfig,
    keepalivedConfigPath: paths.keepalivedConfig,
    haproxyPidFile: paths.haproxyPidFile,
    adminSocket: definition.haproxy.global.statsSocket.path,
    masterSocket: paths.masterSocket,
    keepalivedStateFile: paths.keepalivedStateFile,
    certificatePaths: certificatePaths(definition),
    ...(node ? { vrrpInterface: nodeView(definition, node).interface } : {}),
  };
}
