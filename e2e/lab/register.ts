/**
 * A lab pair as a hapair cluster definition, the way a team adopts an existing pair: imported from
 * the files deployed on its nodes, plus how to reach the nodes (their host keys, which the lab knows).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { validateDefinition, type ClusterDefinition } from "@/lib/cluster/definition";
import { importPair } from "@/lib/cluster/import/import-pair";
import type { ArpCheckSettings } from "@/lib/cluster/schema/arp-check";
import type { InventoryPair, InventoryWitness, LabInventory } from "./inventory";
import { netnsEtc } from "./state";

/** The definition with the pair's lab witness as its ARP check's witness (issue 21 item 3). */
export function withLabWitness(
  definition: ClusterDefinition,
  inventory: LabInventory,
  witness: InventoryWitness,
  arpCheck: Partial<Omit<ArpCheckSettings, "witness">> = {},
): ClusterDefinition {
  return {
    ...definition,
    arpCheck: {
      staleAfterSeconds: 15,
      everySeconds: 30,
      ...arpCheck,
      witness: { ...witness, identityFile: inventory.keyPath },
    },
  };
}

export function labPairDefinition(inventory: LabInventory, pair: InventoryPair): ClusterDefinition {
  const [first, second] = pair.nodes;
  if (!first || !second) throw new Error(`lab pair ${pair.name} has no two nodes`);
  const etc = (namespace: string, file: string) => readFileSync(join(netnsEtc(namespace), file), "utf8");
  const imported = importPair({
    name: pair.name,
    haproxyCfg: etc(first.namespace, "haproxy/haproxy.cfg"),
    keepalived: [
      { node: first.name, text: etc(first.namespace, "keepalived/keepalived.conf") },
      { node: second.name, text: etc(second.namespace, "keepalived/keepalived.conf") },
    ],
    addresses: Object.fromEntries(pair.nodes.map((node) => [node.name, node.address])),
  });
  const definition = {
    ...imported.definition,
    nodes: imported.definition.nodes.map((node, i) => {
      const labNode = pair.nodes[i];
      return {
        ...node,
        ssh: {
          host: labNode?.address ?? node.address,
          port: labNode?.sshPort,
          user: labNode?.sshUser,
          identityFile: inventory.keyPath,
        },
        hostKeyFingerprint: labNode?.hostKeyFingerprint,
      };
    }),
  };
  const parsed = validateDefinition(definition);
  if (!parsed.ok)
    throw new Error(
      `lab pair ${pair.name} is not a valid definition: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
    );
  return parsed.definition;
}
