/** A node's SSH target for work on it (actions, rollouts), or why there is none, as a message. */
import type { NodeDefinition } from "@/lib/cluster/definition";
import type { SshTarget } from "@/lib/ssh";
import { sshTarget } from "../poller/targets";

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
