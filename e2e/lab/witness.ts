/**
 * The ARP witness of a lab pair (issue 21 item 3): an sshd in the gateway's namespace, listening on
 * the pair's own gateway address only (the gateway is shared by every pair), with a host key of its
 * own and the lab key authorized, so hapair can read the gateway's neighbour table for the pair's VIP.
 * And the lab switch's filter that drops the pair's gratuitous ARP (sender and target IP both the VIP),
 * nothing else. Each has its undo; tests call them in a finally.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { InventoryPair } from "./inventory";
import { must, run } from "./sh";
import { KEY_PATH, STATE_DIR } from "./state";
import { SWITCH_NAMESPACE } from "./topology";

const GATEWAY_NAMESPACE = "hpl-gw";

export interface Witness {
  host: string;
  hostKeyFingerprint: string;
  stop(): void;
}

/** Starts (or restarts) the pair's witness sshd; `stop` ends it by its PID. */
export function startWitness(pair: InventoryPair): Witness {
  const dir = join(STATE_DIR, `witness-${pair.name}`);
  const pidFile = join(dir, "sshd.pid");
  stopPid(pidFile); // one left by an interrupted run
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  mkdirSync("/run/sshd", { recursive: true, mode: 0o755 }); // sshd's privilege separation folder
  const hostKey = join(dir, "host_ed25519");
  must("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", hostKey, "-C", `${pair.name}-witness`]);
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
  const fingerprint = must("ssh-keygen", ["-lf", `${hostKey}.pub`]).split(/\s+/)[1] ?? "";
  return {
    host: pair.gateway,
    hostKeyFingerprint: fingerprint,
    stop: () => stopPid(pidFile),
  };
}

function stopPid(pidFile: string): void {
  let pid = 0;
  try {
    pid = Number(readFileSync(pidFile, "utf8").trim());
  } catch {
    return; // not running
  }
  if (Number.isInteger(pid) && pid > 0) run("kill", [String(pid)]);
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
