/**
 * A lab pair as a hapair cluster definition, adopted the way a team adopts an existing pair: import
 * the files deployed on its nodes, then add how to reach the nodes (host keys pinned: the lab knows them).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateDefinition, type ClusterDefinition } from "@/lib/cluster/definition";
import { importPair } from "@/lib/cluster/import/import-pair";
import type { InventoryPair, LabInventory } from "./inventory";
import { netnsEtc } from "./state";

export function labClusterDefinition(pair: InventoryPair, inventory: LabInventory): ClusterDefinition | null {
  const [first, second] = pair.nodes;
  if (!first || !second) return null;
  const etc = (namespace: string, file: string) => readFileSync(join(netnsEtc(namespace), file), "utf8");
  const imported = importPair({
    name: pair.name,
    haproxyCfg: etc(first.namespace, "haproxy/haproxy.cfg"),
    keepalived: [first, second].map((node) => ({ node: node.name, text: etc(node.namespace, "keepalived/keepalived.conf") })) as [{ node: string; text: string }, { node: string; text: string }],
    addresses: Object.fromEntries(pair.nodes.map((node) => [node.name, node.address])),
  });
  const definition = {
    ...imported.definition,
    nodes: imported.definition.nodes.map((node, i) => {
      const labNode = pair.nodes[i];
      return { ...node, ssh: { host: labNode?.address ?? node.address, port: labNode?.sshPort, user: labNode?.sshUser, identityFile: inventory.keyPath }, hostKeyFingerprint: labNode?.hostKeyFingerprint };
    }),
  };
  const parsed = validateDefinition(definition);
  if (!parsed.ok) throw new Error(`lab pair ${pair.name} is not a valid definition: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  return parsed.definition;
}
