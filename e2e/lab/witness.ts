/**
 * The ARP witness of each lab pair (issue 21 item 3): an sshd in the gateway's namespace, listening on
 * the pair's own gateway address only (the gateway is shared by every pair), with a host key of its
 * own and the lab key authorized, so hapair can read the gateway's neighbour table for the pair's VIP.
 * `lab up` starts one per pair and records it in the inventory, as it does the nodes. And the lab
 * switch's filter that drops the pair's gratuitous ARP (sender and target IP both the VIP), nothing
 * else, with its undo; tests call it in a finally.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { InventoryPair, InventoryWitness } from "./inventory";
import { must, run } from "./sh";
import { KEY_PATH, STATE_DIR } from "./state";
import { SWITCH_NAMESPACE } from "./topology";

const GATEWAY_NAMESPACE = "hpl-gw";
const WITNESS_PREFIX = "witness-";
const witnessDir = (pairName: string) => join(STATE_DIR, `${WITNESS_PREFIX}${pairName}`);

/**
 * The pair's witness sshd, started unless it runs already (its host key kept across restarts, so a
 * pinned fingerprint stays valid). Idempotent: `lab up` calls it for every pair.
 */
export function ensureWitness(pair: { name: string; gateway: string }): InventoryWitness {
  const dir = witnessDir(pair.name);
  const pidFile = join(dir, "sshd.pid");
  const hostKey = join(dir, "host_ed25519");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!existsSync(hostKey))
    must("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey, "-C", `${pair.name}-witness`]);
  const fingerprint = must("ssh-keygen", ["-lf", `${hostKey}.pub`]).split(/\s+/)[1] ?? "";
  if (!fingerprint.startsWith("SHA256:")) throw new Error(`${pair.name} witness: no host key fingerprint`);
  const witness = { host: pair.gateway, port: 22, user: "root", hostKeyFingerprint: fingerprint };
  if (runningPid(pidFile) !== null) return witness;
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
  writeFileSync(join(dir, "authorized_keys"), readFileSync(`${KEY_PATH}.pub`), { mode: 0o600 });
  const config = [
    `ListenAddress ${pair.gateway}`,
    "Port 22",
    `HostKey ${hostKey}`,
    `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
    `PidFile ${pidFile}`,
    "PermitRootLogin prohibit-password",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "UsePAM no",
    "StrictModes no",
    "AllowTcpForwarding no",
    "AllowStreamLocalForwarding no",
    "",
  ].join("\n");
  writeFileSync(join(dir, "sshd_config"), config);
  must("ip", [
    "netns",
    "exec",
    GATEWAY_NAMESPACE,
    "/usr/sbin/sshd",
    "-f",
    join(dir, "sshd_config"),
    "-E",
    join(dir, "sshd.log"),
  ]);
  return witness;
}

/** Stops the witnesses of pairs the lab no longer has (by PID) and removes their folders. */
export function removeWitnessesExcept(pairNames: readonly string[]): string[] {
  if (!existsSync(STATE_DIR)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(STATE_DIR)) {
    if (!entry.startsWith(WITNESS_PREFIX) || pairNames.includes(entry.slice(WITNESS_PREFIX.length))) continue;
    stopPid(join(STATE_DIR, entry, "sshd.pid"));
    rmSync(join(STATE_DIR, entry), { recursive: true, force: true });
    removed.push(entry.slice(WITNESS_PREFIX.length));
  }
  return removed;
}

/**
 * The pair's witness as the lab recorded it; on a lab brought up before witnesses were part of it,
 * started now the same way `lab up` does.
 */
export function labWitness(pair: InventoryPair): InventoryWitness {
  return pair.witness && runningPid(join(witnessDir(pair.name), "sshd.pid")) !== null
    ? pair.witness
    : ensureWitness(pair);
}

function runningPid(pidFile: string): number | null {
  let pid = 0;
  try {
    pid = Number(readFileSync(pidFile, "utf8").trim());
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && run("kill", ["-0", String(pid)]).code === 0 ? pid : null;
}

function stopPid(pidFile: string): void {
  const pid = runningPid(pidFile);
  if (pid !== null) run("kill", [String(pid)]);
}

/** The gateway's neighbour entry for an address, as `ip neigh show` prints it ("" when none). */
export function gatewayNeighbour(address: string): string {
  return run("ip", ["-n", GATEWAY_NAMESPACE, "neigh", "show", address]).stdout.trim();
}

/** One ping from the gateway, so that it has a neighbour entry for the address. */
export function gatewayPing(address: string): void {
  run("ip", ["netns", "exec", GATEWAY_NAMESPACE, "ping", "-c", "1", "-W", "1", address]);
}

const garpRule = (vip: string) => [
  "FORWARD",
  "-p",
  "ARP",
  "--arp-ip-src",
  vip,
  "--arp-ip-dst",
  vip,
  "-j",
  "DROP",
];

/** The lab switch drops gratuitous ARP for this VIP (as some switches do), and only that. */
export function dropGratuitousArp(vip: string): void {
  must("ip", ["netns", "exec", SWITCH_NAMESPACE, "ebtables", "-A", ...garpRule(vip)]);
}

export function allowGratuitousArp(vip: string): void {
  while (run("ip", ["netns", "exec", SWITCH_NAMESPACE, "ebtables", "-D", ...garpRule(vip)]).code === 0) {
    // every copy of the rule
  }
}
