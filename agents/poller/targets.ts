/** What the poller needs per node, derived from the clusters' latest definitions. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
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
 * How to reach a node over SSH, or null when the definition gives no key yet. The key is the one the
 * definition holds (revealed by the agents' reader) or a key file on the hapair server.
 */
export function sshTarget(nodeId: string, node: NodeDefinition, pinnedHostKey: string | null): SshTarget | null {
  const { privateKey, identityFile } = node.ssh;
  if (!privateKey && !identityFile) return null;
  return {
    id: nodeId,
    host: node.ssh.host,
    port: node.ssh.port,
    username: node.ssh.user,
    privateKey: privateKey ? Buffer.from(privateKey) : readFileSync(identityFile ?? ""),
    pinnedHostKey,
    useSudo: node.ssh.useSudo,
    runtimeApi: node.ssh.runtimeApi,
  };
}

export function pollTargets(
  clusters: { clusterId: string; definition: ClusterDefinition; nodeIds: Record<string, string>; pinnedKeys: Record<string, string | null> }[],
): PollTarget[] {
  return clusters.flatMap(({ clusterId, definition, nodeIds, pinnedKeys }) =>
    definition.nodes.flatMap((node) => {
      const nodeId = nodeIds[node.name];
      // A node without a key (an import not finished yet) is not polled.
      const ssh = nodeId ? sshTarget(nodeId, node, pinnedKeys[node.name] ?? null) : null;
      if (!nodeId || !ssh) return [];
      const spec = probeSpec(definition);
      // The key changes whenever anything that affects polling changes, so the loop restarts; hashed,
      // because node.ssh may hold the private key.
      const key = createHash("sha256").update(JSON.stringify([nodeId, node.ssh, ssh.pinnedHostKey, spec])).digest("hex");
      return [{ key, clusterId, nodeId, nodeName: node.name, ssh, spec }];
    }),
  );
}
