/** The lab inventory that tests, the demo and `status --json` read. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { hostKeyFingerprint } from "./files";
import { INVENTORY_PATH, KEY_PATH, STATE_DIR } from "./state";
import { BACKEND_PORT, type LabHost, type LabTopology } from "./topology";

export interface InventoryNode {
  name: string;
  namespace: string;
  address: string;
  sshPort: number;
  sshUser: string;
  role: "MASTER" | "BACKUP";
  priority: number;
  routerId: string;
  hostKeyFingerprint: string;
}

/** The pair's ARP witness: an SSH host on the pair's segment (its gateway address), as `arpCheck.witness` names it. */
export interface InventoryWitness {
  host: string;
  port: number;
  user: string;
  hostKeyFingerprint: string;
}

export interface InventoryPair {
  name: string;
  vip: string;
  vipPrefix: number;
  vipInterface: string;
  vrid: number;
  gateway: string;
  subnet: string;
  authPass: string;
  nodes: InventoryNode[];
  /** Absent in inventories written before `lab up` started witnesses. */
  witness?: InventoryWitness;
}

export interface LabInventory {
  up: boolean;
  stateDir: string;
  keyPath: string;
  pairs: InventoryPair[];
  backends: (LabHost & { port: number })[];
  client: LabHost;
  gateway: LabHost & { addresses: string[] };
  hosts: LabHost[];
}

export function buildInventory(
  topology: LabTopology,
  authPass: string,
  witnesses: Record<string, InventoryWitness> = {},
): LabInventory {
  return {
    up: true,
    stateDir: STATE_DIR,
    keyPath: KEY_PATH,
    pairs: topology.pairs.map((pair) => ({
      name: pair.name,
      vip: pair.vip,
      vipPrefix: pair.vipPrefix,
      vipInterface: pair.vipInterface,
      vrid: pair.vrid,
      gateway: pair.gateway,
      subnet: pair.subnet,
      authPass,
      nodes: pair.nodes.map((node) => ({
        ...node,
        sshPort: 22,
        sshUser: "root",
        hostKeyFingerprint: hostKeyFingerprint(node),
      })),
      ...(witnesses[pair.name] ? { witness: witnesses[pair.name] } : {}),
    })),
    backends: topology.backends.map((b) => ({ ...b, port: BACKEND_PORT })),
    client: topology.client,
    gateway: topology.gateway,
    hosts: topology.hosts,
  };
}

export function writeInventory(inventory: LabInventory): void {
  writeFileSync(INVENTORY_PATH, `${JSON.stringify(inventory, null, 2)}\n`);
}

/** The recorded inventory, or null when the lab was never brought up (or was taken down). */
export function readInventory(): LabInventory | null {
  if (!existsSync(INVENTORY_PATH)) return null;
  return JSON.parse(readFileSync(INVENTORY_PATH, "utf8")) as LabInventory;
}
