/** What the poller needs per node, derived from the clusters' latest definitions. */
import { createHash } from "node:crypto";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { probeSpec, type ProbeSpec } from "@/lib/probes/probe-spec";
import type { SshTarget } from "@/lib/ssh";
import { sshTarget } from "../runtime/node-target";

export interface PollTarget {
  key: string;
  clusterId: string;
  nodeId: string;
  nodeName: string;
  ssh: SshTarget;
  spec: ProbeSpec;
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
      const spec = probeSpec(definition, node);
      // The key changes whenever anything that affects polling changes, so the loop restarts; hashed,
      // because node.ssh may hold the private key.
      const key = createHash("sha256")
        .update(JSON.stringify([nodeId, node.ssh, ssh.pinnedHostKey, spec]))
        .digest("hex");
      return [{ key, clusterId, nodeId, nodeName: node.name, ssh, spec }];
    }),
  );
}
