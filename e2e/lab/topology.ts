/**
 * The lab's shape as plain data: which namespaces, addresses and roles exist for N pairs. Pure.
 * Pair p uses subnet 10.0.(4(p-1)).0/24; pair 1 is the design article's setup exactly.
 * Backends (10.0.1.0/24) are shared by all pairs; 10.0.3.0/24 links the root namespace to the gateway.
 */

export const NAMESPACE_PREFIX = "hpl-";
export const SWITCH_NAMESPACE = "hpl-sw";
export const LAB_RANGE = "10.0.0.0/16";
/** Routed from the root namespace into the lab; longer than the guard so it wins while the lab is up. */
export const LAB_ROUTE = "10.0.0.0/17";
export const HOST_LINK = {
  root: "hpl-host",
  rootAddress: "10.0.3.2",
  gatewayAddress: "10.0.3.1",
  prefix: 24,
} as const;
export const BACKEND_PORT = 8080;
export const MAX_PAIRS = 31;

export interface LabNode {
  name: string;
  namespace: string;
  address: string;
  role: "MASTER" | "BACKUP";
  priority: number;
  routerId: string;
}

export interface LabPair {
  index: number;
  name: string;
  subnet: string;
  vip: string;
  vipPrefix: number;
  vipInterface: string;
  vrid: number;
  gateway: string;
  nodes: [LabNode, LabNode];
}

export interface LabHost {
  name: string;
  namespace: string;
  address: string;
  kind: "lb" | "backend" | "gateway" | "client";
}

export interface LabTopology {
  pairs: LabPair[];
  backends: LabHost[];
  gateway: LabHost & { addresses: string[] };
  client: LabHost;
  hosts: LabHost[];
}

const two = (n: number) => String(n).padStart(2, "0");

export function pairBase(index: number): string {
  return `10.0.${4 * (index - 1)}`;
}

export function labPair(index: number): LabPair {
  const base = pairBase(index);
  const node = (n: number, role: LabNode["role"], priority: number, octet: number): LabNode => ({
    name: `lb-${two(n)}`,
    namespace: `${NAMESPACE_PREFIX}lb-${two(n)}`,
    address: `${base}.${octet}`,
    role,
    priority,
    routerId: `LB_${two(n)}`,
  });
  return {
    index,
    name: index === 1 ? "lab" : `lab-${index}`,
    subnet: `${base}.0/24`,
    vip: `${base}.100`,
    vipPrefix: 24,
    vipInterface: "eth0",
    vrid: 50 + index,
    gateway: `${base}.1`,
    nodes: [node(2 * index - 1, "MASTER", 110, 11), node(2 * index, "BACKUP", 100, 12)],
  };
}

export function labTopology(pairCount: number): LabTopology {
  if (!Number.isInteger(pairCount) || pairCount < 1 || pairCount > MAX_PAIRS) {
    throw new Error(`--pairs must be a whole number from 1 to ${MAX_PAIRS}`);
  }
  const pairs = Array.from({ length: pairCount }, (_, i) => labPair(i + 1));
  const backends: LabHost[] = [1, 2, 3].map((n) => ({
    name: `app-${two(n)}`,
    namespace: `${NAMESPACE_PREFIX}app-${two(n)}`,
    address: `10.0.1.${10 + n}`,
    kind: "backend",
  }));
  const gateway = {
    name: "gw",
    namespace: `${NAMESPACE_PREFIX}gw`,
    address: "10.0.0.1",
    kind: "gateway" as const,
    addresses: [...pairs.map((p) => `${p.gateway}/24`), "10.0.1.1/24"],
  };
  const client: LabHost = {
    name: "client",
    namespace: `${NAMESPACE_PREFIX}client`,
    address: "10.0.0.50",
    kind: "client",
  };
  const lbHosts: LabHost[] = pairs.flatMap((p) =>
    p.nodes.map((n) => ({ name: n.name, namespace: n.namespace, address: n.address, kind: "lb" as const })),
  );
  return { pairs, backends, gateway, client, hosts: [...lbHosts, ...backends, gateway, client] };
}
