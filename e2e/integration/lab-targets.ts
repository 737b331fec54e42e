/** SSH targets for the lab's nodes, pinned to the host keys the lab generated. */
import { readFileSync } from "node:fs";
import { labPair, requireInventory } from "@/e2e/lab/control";
import type { SshTarget } from "@/lib/ssh";

export function labTarget(nodeName: string, overrides: Partial<SshTarget> = {}): SshTarget {
  const inventory = requireInventory();
  const node = inventory.pairs.flatMap((p) => p.nodes).find((n) => n.name === nodeName);
  if (!node) throw new Error(`no lab node ${nodeName}`);
  return {
    id: `lab-${node.name}`,
    host: node.address,
    port: node.sshPort,
    username: node.sshUser,
    privateKey: readFileSync(inventory.keyPath),
    pinnedHostKey: node.hostKeyFingerprint,
    ...overrides,
  };
}

export { labPair };
