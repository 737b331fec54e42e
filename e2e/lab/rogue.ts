/**
 * A rogue VRRP speaker on a pair's segment: a third keepalived in a namespace of its own, plugged into
 * the lab switch (another team's keepalived on the same VLAN). It advertises without authentication,
 * so the pair's keepalived (PASS) drops its adverts and keeps its roles; hapair's capture still sees
 * it. Stopped by its PID and its namespace (named after the pair: hpl-rogue-<pair>), nothing broader.
 */
import { mkdirSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { InventoryPair } from "./inventory";
import { ensureSwitchPort, listLabNamespaces } from "./network";
import { killNamespaceProcesses } from "./processes";
import { must, processAlive, run, sleep, startDetached } from "./sh";
import { STATE_DIR } from "./state";
import { NAMESPACE_PREFIX, SWITCH_NAMESPACE } from "./topology";

export interface Rogue {
  namespace: string;
  address: string;
  mac: string;
  vrid: number;
  pid: number;
  stop(): Promise<void>;
}

const rogueName = (pair: InventoryPair) => `rogue-${pair.name}`;
/** The switch end of its cable: interface names are at most 15 characters. */
const portOf = (pair: InventoryPair) => `rg-${pair.name}`.slice(0, 15);

/** Starts the rogue advertising `vrid` from the pair's subnet address .77 (one rogue per pair at a time). */
export async function startRogue(pair: InventoryPair, vrid: number): Promise<Rogue> {
  const name = rogueName(pair);
  const namespace = `${NAMESPACE_PREFIX}${name}`;
  await removeRogue(pair); // a rogue a crashed test left behind
  const base = pair.subnet.replace(/\.0\/\d+$/, "");
  const address = `${base}.77`;
  ensureSwitchPort(namespace, portOf(pair), [`${address}/24`], null);
  const dir = join(STATE_DIR, name);
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const conf = join(dir, "keepalived.conf");
  writeFileSync(
    conf,
    [
      "global_defs {",
      `    router_id ROGUE_${vrid}`,
      "}",
      "vrrp_instance ROGUE {",
      "    state MASTER", // advertises at once, as another team's master would
      "    interface eth0",
      `    virtual_router_id ${vrid}`,
      "    priority 50",
      "    advert_int 1",
      "    virtual_ipaddress {",
      `        ${base}.199/24 dev eth0`,
      "    }",
      "}",
      "",
    ].join("\n"),
  );
  const log = openSync(join(dir, "keepalived.log"), "a");
  let pid: number;
  try {
    // -n: keepalived stays in the foreground, so the PID started is the PID stopped; own pid files.
    pid = startDetached(
      "ip",
      [
        ...["netns", "exec", namespace, "keepalived", "-n", "-l", "-D", "-f", conf],
        ...["-p", join(dir, "ka.pid"), "-r", join(dir, "vrrp.pid"), "-c", join(dir, "checkers.pid")],
      ],
      log,
    );
  } finally {
    closeSync(log);
  }
  writeFileSync(join(dir, "pid"), String(pid));
  const link = JSON.parse(must("ip", ["-n", namespace, "-j", "link", "show", "eth0"])) as {
    address: string;
  }[];
  return {
    namespace,
    address,
    mac: link[0]?.address ?? "",
    vrid,
    pid,
    stop: () => removeRogue(pair),
  };
}

/** Stops the pair's rogue (by its PID, then whatever is left in its namespace) and unplugs it. */
export async function removeRogue(pair: InventoryPair): Promise<void> {
  const name = rogueName(pair);
  const namespace = `${NAMESPACE_PREFIX}${name}`;
  const dir = join(STATE_DIR, name);
  let pid: number | null = null;
  try {
    pid = Number(readFileSync(join(dir, "pid"), "utf8")) || null;
  } catch {
    // none started
  }
  if (pid && processAlive(pid)) {
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 50 && processAlive(pid); i++) await sleep(100);
  }
  if (listLabNamespaces().includes(namespace)) {
    await killNamespaceProcesses(namespace);
    run("ip", ["netns", "del", namespace]);
  }
  run("ip", ["-n", SWITCH_NAMESPACE, "link", "del", portOf(pair)]);
  rmSync(dir, { recursive: true, force: true });
}
