/** How the agents reach a node over SSH (polls, actions, rollouts, drills). */
import type { NodeDefinition } from "@/lib/cluster/definition";
import type { SshTarget } from "@/lib/ssh";

/** A node's SSH target for work on it (actions, rollouts), or why there is none, as a message. */
export function nodeTargetOrReason(
  nodeId: string | undefined,
  node: NodeDefinition,
  pin: string | null,
): SshTarget | string {
  if (!nodeId) return "the node has no database row yet";
  if (!node.ssh.privateKey && !node.ssh.identityFile) return "no SSH key configured for this node";
  // A key file that cannot be used fails the node's first SSH call with a "key" error.
  return sshTarget(nodeId, node, pin);
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
