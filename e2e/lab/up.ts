/** `lab up`: builds or repairs the lab to N pairs, then waits until every pair serves through its VIP. */
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { ensureAssets, ensureCertificate, ensureLabKey, ensureNodeEtc } from "./files";
import { buildInventory, readInventory, writeInventory, type LabInventory } from "./inventory";
import {
  conflictingRoutes,
  ensureGuardRoute,
  ensureHostLink,
  ensureSwitch,
  ensureSwitchPort,
  listLabNamespaces,
  setSysctl,
} from "./network";
import {
  backendAlive,
  killNamespaceProcesses,
  namespaceProcesses,
  nodeExec,
  nodeExecArgs,
  nodeInitPid,
  startBackend,
  startNode,
} from "./processes";
import { run, waitFor } from "./sh";
import { ASSETS_DIR, ensureStateDirs, netnsEtc } from "./state";
import { LAB_AUTH_PASS } from "./configs";
import { labTopology, type LabNode, type LabPair, type LabTopology } from "./topology";
import { vipHolders } from "./checks";
import { ensureWitness, removeWitnessesExcept } from "./witness";

export interface UpOptions {
  pairs?: number;
  log?: (line: string) => void;
  /** Leave nodes that are already running alone (no daemon repair, no wait on them): for growing or
   * shrinking the lab while others run failure tests on the existing pairs. */
  leaveRunning?: boolean;
}

export async function labUp(options: UpOptions = {}): Promise<LabInventory> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  if (process.getuid?.() !== 0) throw new Error("the lab needs root (network namespaces)");
  const pairCount = options.pairs ?? readInventory()?.pairs.length ?? 1;
  const topology = labTopology(pairCount);

  const conflicts = conflictingRoutes();
  if (conflicts.length > 0)
    throw new Error(
      `this machine already routes lab addresses (${conflicts.join(", ")}); refusing to build the lab`,
    );

  ensureGuardRoute(); // first, so nothing to lab addresses can leave while the lab is half-built
  ensureStateDirs();
  ensureAssets();
  ensureLabKey();
  ensureCertificate();

  ensureSwitch();
  const gw = topology.gateway;
  ensureSwitchPort(gw.namespace, "gw", gw.addresses, null);
  setSysctl(gw.namespace, "net.ipv4.ip_forward", "1");
  ensureHostLink(gw.namespace);

  for (const backend of topology.backends) {
    ensureSwitchPort(backend.namespace, backend.name, [`${backend.address}/24`], "10.0.1.1");
    if (!backendAlive(backend)) {
      await killNamespaceProcesses(backend.namespace);
      startBackend(backend);
      log(`started backend ${backend.name}`);
    }
  }
  ensureSwitchPort(topology.client.namespace, "client", [`${topology.client.address}/24`], "10.0.0.1");

  const startedPairs: LabPair[] = [];
  for (const pair of topology.pairs) {
    let fresh = false;
    for (const node of pair.nodes) {
      if (options.leaveRunning && nodeInitPid(node)) continue;
      fresh = (await ensureNode(pair, node, topology, log)) || fresh;
    }
    if (fresh || !options.leaveRunning) startedPairs.push(pair);
  }
  await removeExtraPairs(topology, log);
  // Each pair's ARP witness, a real SSH host on its segment like the nodes (kept when already running).
  const witnesses = Object.fromEntries(topology.pairs.map((pair) => [pair.name, ensureWitness(pair)]));
  for (const name of removeWitnessesExcept(topology.pairs.map((p) => p.name)))
    log(`removed the witness of ${name}`);

  await waitUntilServing({ ...topology, pairs: startedPairs }, log);
  const inventory = buildInventory(topology, LAB_AUTH_PASS, witnesses);
  writeInventory(inventory);
  log(
    `lab up: ${topology.pairs.length} pair(s), ${topology.hosts.length} hosts, in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return inventory;
}

/** Returns true when the node was (re)started from nothing. */
async function ensureNode(
  pair: LabPair,
  node: LabNode,
  topology: LabTopology,
  log: (line: string) => void,
): Promise<boolean> {
  ensureSwitchPort(node.namespace, node.name, [`${node.address}/24`], pair.gateway);
  setSysctl(node.namespace, "net.ipv4.ip_nonlocal_bind", "1");
  const { haproxyCfgChanged } = ensureNodeEtc(pair, node, topology.backends);
  if (!nodeInitPid(node)) {
    await killNamespaceProcesses(node.namespace);
    startNode(node);
    await waitFor(`${node.name} to start`, () => nodeInitPid(node), 10_000);
    log(`started node ${node.name}`);
    return true;
  }
  // The node is alive: refresh its systemctl stand-in, then repair whichever daemon is missing.
  const standIn = readFileSync(join(ASSETS_DIR, "systemctl"), "utf8");
  run(
    "nsenter",
    nodeExecArgs(node, [
      "sh",
      "-c",
      "cat > /usr/local/sbin/systemctl && chmod 755 /usr/local/sbin/systemctl",
    ]),
    { input: standIn },
  );
  const commands = new Set(namespaceProcesses(node.namespace).map((p) => p.command));
  for (const unit of ["haproxy", "keepalived"] as const) {
    if (!commands.has(unit)) {
      const result = nodeExec(node, ["/usr/local/sbin/systemctl", "start", unit]);
      log(`${node.name}: restarted ${unit}${result.code === 0 ? "" : ` (failed: ${result.stderr.trim()})`}`);
    }
  }
  // Nodes started before the lab had a server-state folder of their own get one (then the new config).
  nodeExec(node, [
    "sh",
    "-c",
    "mountpoint -q /var/lib/haproxy || mount -t tmpfs -o mode=755 tmpfs /var/lib/haproxy",
  ]);
  if (haproxyCfgChanged && commands.has("haproxy")) {
    const result = nodeExec(node, ["/usr/local/sbin/systemctl", "reload", "haproxy"]);
    log(
      `${node.name}: haproxy.cfg upgraded (server-state file), reloaded${result.code === 0 ? "" : ` (failed: ${result.stderr.trim()})`}`,
    );
  }
  if (!commands.has("sshd")) {
    nodeExec(node, ["/usr/sbin/sshd", "-f", "/etc/ssh/sshd_config", "-E", "/run/sshd.log"]);
    log(`${node.name}: restarted sshd`);
  }
  return false;
}

async function removeExtraPairs(topology: LabTopology, log: (line: string) => void): Promise<void> {
  const wanted = new Set(topology.hosts.map((h) => h.namespace));
  const extra = listLabNamespaces().filter((ns) => ns.startsWith("hpl-lb-") && !wanted.has(ns));
  for (const namespace of extra) {
    await killNamespaceProcesses(namespace);
    run("ip", ["netns", "del", namespace]);
    rmSync(netnsEtc(namespace), { recursive: true, force: true });
    log(`removed ${namespace}`);
  }
}

async function waitUntilServing(topology: LabTopology, log: (line: string) => void): Promise<void> {
  for (const pair of topology.pairs) {
    const [master] = pair.nodes;
    await waitFor(
      `${pair.name}: VIP ${pair.vip} on ${master.name} only`,
      () => {
        const holders = vipHolders(pair);
        return holders.length === 1 && holders[0] === master.name;
      },
      45_000,
      250,
    );
    await waitFor(
      `${pair.name}: HTTPS through the VIP from the client`,
      () => {
        const out = run("ip", [
          "netns",
          "exec",
          topology.client.namespace,
          "curl",
          "-sk",
          "--max-time",
          "2",
          `https://${pair.vip}/`,
        ]);
        return out.code === 0 && /^app-\d+/.test(out.stdout);
      },
      30_000,
      250,
    );
    log(`${pair.name}: VIP ${pair.vip} on ${master.name}, serving`);
  }
}
