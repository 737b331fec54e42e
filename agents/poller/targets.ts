/** What the poller needs per node, derived from the clusters' latest definitions. */
import { createHash } from "node:crypto";
import type { ClusterDefinition, NodeDefinition } from "@/lib/cluster/definition";
import { certificatePaths } from "@/lib/cluster/render";
import type { ProbeSpec } from "@/lib/probes/node-shell";
import type { SshTarget } from "@/lib/ssh";

export interface PollTarget {
  key: string;
  clusterId: string;
  nodeId: string;
  nodeName: string;
  ssh: SshTarget;
  spec: ProbeSpec;
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

/**
 * How to reach a node over SSH. The key is the one the definition holds (revealed by the agents'
 * reader) or a key file on the hapair server, read (from the key folder) by lib/ssh when it connects:
 * a missing or unusable key, or none at all, is that node's "key" error, never an exception here.
 */
export function sshTarget(nodeId: string, node: NodeDefinition, pinnedHostKey: string | null): SshTarget {
  const { privateKey, identityFile } = node.ssh;
  return {
    id: nodeId,
    host: node.ssh.host,
    port: node.ssh.port,
    username: node.ssh.user,
    ...(privateKey ? { privateKey: Buffer.from(privateKey) } : identityFile ? { identityFile } : {}),
    pinnedHostKey,
    useSudo: node.ssh.useSudo,
    runtimeApi: node.ssh.runtimeApi,
  };
}

export function pollTargets(
  clusters: {
    clusterId: string;
    definition: ClusterDefinition;
    nodeIds: Record<string, string>;
    pinnedKeys: Record<string, string | null>;
  }[],
): PollTarget[] {
  return clusters.flatMap(({ clusterId, definition, nodeIds, pinnedKeys }) =>
    definition.nodes.flatMap((node) => {
      const nodeId = nodeIds[node.name];
      // A node without a key (an import not finished yet) is polled too: it shows "no SSH key" as its reason.
      if (!nodeId) return [];
      const ssh = sshTarget(nodeId, node, pinnedKeys[node.name] ?? null);
      const spec = probeSpec(definition);
      // The key changes whenever anything that affects polling changes, so the loop restarts; hashed,
      // because node.ssh may hold the private key.
      const key = createHash("sha256")
        .update(JSON.stringify([nodeId, node.ssh, ssh.pinnedHostKey, spec]))
        .digest("hex");
      return [{ key, clusterId, nodeId, nodeName: node.name, ssh, spec }];
    }),
  );
}
