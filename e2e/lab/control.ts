/**
 * The lab as tests drive it: read the inventory, run commands inside nodes, and inject the article's
 * failures (each with its undo). Faults act on the lab from outside its nodes, never through hapair.
 */
import { rmSync, writeFileSync } from "node:fs";
import { vipHolders } from "./checks";
import { readInventory, type InventoryPair, type LabInventory } from "./inventory";
import { killNamespaceProcesses, nodeExec, nodeInitPid, startNode } from "./processes";
import { must, run, until, waitFor } from "./sh";
import { unhealthyFlag } from "./state";
import { labTopology, SWITCH_NAMESPACE, type LabNode } from "./topology";
import { labUp } from "./up";

export { until, vipHolders, waitFor };

export function requireInventory(): LabInventory {
  const inventory = readInventory();
  if (!inventory) throw new Error("the lab is not up: run `npm run lab -- up`");
  return inventory;
}

/** Brings the lab up unless it already is (repairing it if half-built). */
export async function ensureLabUp(): Promise<LabInventory> {
  return labUp({});
}

export function labPair(name = "lab"): InventoryPair {
  const pair = requireInventory().pairs.find((p) => p.name === name);
  if (!pair) throw new Error(`no lab pair named ${name}`);
  return pair;
}

/** The pair a lab test drives: HAPAIR_TEST_PAIR (e.g. lab-2) or the article's pair "lab", so that work on
 * separate pairs can run side by side. nodes[0] is the MASTER, nodes[1] the BACKUP. */
export function testPair(): InventoryPair {
  return labPair(process.env.HAPAIR_TEST_PAIR ?? "lab");
}

export function labNode(name: string): LabNode {
  const pairs = requireInventory().pairs.length;
  const node = labTopology(pairs)
    .pairs.flatMap((p) => p.nodes)
    .find((n) => n.name === name);
  if (!node) throw new Error(`no lab node named ${name}`);
  return node;
}

/** Runs argv inside the node (its network, mount and PID namespaces). */
export function labExec(nodeName: string, argv: string[]) {
  return nodeExec(labNode(nodeName), argv);
}

/** One command on the node's HAProxy admin socket; its answer. */
export function adminSocket(nodeName: string, command: string): string {
  return labExec(nodeName, ["sh", "-c", 'echo "$1" | socat stdio /run/haproxy/admin.sock', "admin", command])
    .stdout;
}

export function blockVrrp(nodeName: string): void {
  const node = labNode(nodeName);
  for (const chain of ["INPUT", "OUTPUT"])
    must("ip", ["netns", "exec", node.namespace, "iptables", "-A", chain, "-p", "vrrp", "-j", "DROP"]);
}

export function unblockVrrp(nodeName: string): void {
  const node = labNode(nodeName);
  for (const chain of ["INPUT", "OUTPUT"]) {
    while (
      run("ip", ["netns", "exec", node.namespace, "iptables", "-D", chain, "-p", "vrrp", "-j", "DROP"])
        .code === 0
    ) {
      // remove every copy of the rule
    }
  }
}

/** Cuts the node's cable at the switch: it stays alive but nothing reaches it. */
export function cutNode(nodeName: string): void {
  must("ip", ["-n", SWITCH_NAMESPACE, "link", "set", labNode(nodeName).name, "down"]);
}

export function uncutNode(nodeName: string): void {
  must("ip", ["-n", SWITCH_NAMESPACE, "link", "set", labNode(nodeName).name, "up"]);
}

/** The article's failure mode 2: every process of the node dies at once. `ensureLabUp` revives it. */
export function killNode(nodeName: string): void {
  const init = nodeInitPid(labNode(nodeName));
  if (init) process.kill(init, "SIGKILL");
}

/** A machine that dies: every process of the node at once, and the VIP it held gone with it (a dead node answers nothing). */
export function crashNode(nodeName: string, vips: string[]): void {
  killNode(nodeName);
  const node = labNode(nodeName);
  for (const line of run("ip", ["-n", node.namespace, "-o", "-4", "addr", "show"]).stdout.split("\n")) {
    const m = /^\d+:\s+(\S+)\s+inet\s+(\S+)/.exec(line);
    if (m?.[1] && m[2] && vips.includes(m[2].split("/")[0] ?? ""))
      run("ip", ["-n", node.namespace, "addr", "del", m[2], "dev", m[1]]);
  }
}

/** Boots a crashed node again (node-init starts HAProxy, Keepalived and sshd); only this node is touched. */
export async function bootNode(nodeName: string): Promise<void> {
  const node = labNode(nodeName);
  await killNamespaceProcesses(node.namespace);
  startNode(node);
  await waitFor(`${nodeName} to start`, () => nodeInitPid(node) !== null, 10_000);
}

export function stopSshd(nodeName: string): void {
  labExec(nodeName, ["sh", "-c", 'kill "$(cat /run/sshd.pid)"']);
}

export function startSshd(nodeName: string): void {
  labExec(nodeName, ["/usr/sbin/sshd", "-f", "/etc/ssh/sshd_config", "-E", "/run/sshd.log"]);
}

export function setBackendHealthy(name: string, healthy: boolean): void {
  if (!requireInventory().backends.some((b) => b.name === name))
    throw new Error(`no lab backend named ${name}`);
  if (healthy) rmSync(unhealthyFlag(name), { force: true });
  else writeFileSync(unhealthyFlag(name), "unhealthy\n");
}

/** An HTTPS request through a pair's VIP from the lab's client; the backend's name, or null. */
export function requestThroughVip(pairName = "lab"): string | null {
  const pair = labPair(pairName);
  const out = run("ip", [
    "netns",
    "exec",
    requireInventory().client.namespace,
    "curl",
    "-sk",
    "--max-time",
    "2",
    `https://${pair.vip}/`,
  ]);
  return out.code === 0 ? out.stdout.trim() : null;
}
