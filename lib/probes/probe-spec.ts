/** What the node probe reads and where, from a cluster definition. Pure. */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { certificatePaths } from "@/lib/cluster/render";

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
}

export function probeSpec(definition: ClusterDefinition): ProbeSpec {
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
  };
}
