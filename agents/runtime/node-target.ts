/** A node's SSH target for work on it (actions, rollouts), or why there is none, as a message. */
import type { NodeDefinition } from "@/lib/cluster/definition";
import type { SshTarget } from "@/lib/ssh";
import { sshTarget } from "../poller/targets";

export function nodeTargetOrReason(nodeId: string | undefined, node: NodeDefinition, pin: string | null): SshTarget | string {
  try {
    return (nodeId ? sshTarget(nodeId, node, pin) : null) ?? "no SSH key configured for this node";
  } catch (error) {
    return `cannot read the SSH key: ${error instanceof Error ? error.message : String(error)}`;
  }
}
