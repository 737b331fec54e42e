/** Where the lab keeps its files and what it recorded about the processes it started. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** On /run: gone at reboot together with the namespaces it describes. */
export const STATE_DIR = process.env.HAPAIR_LAB_STATE_DIR ?? "/run/hapair-lab";
export const ASSETS_DIR = join(STATE_DIR, "assets");
export const KEY_PATH = join(STATE_DIR, "id_ed25519");
export const INVENTORY_PATH = join(STATE_DIR, "inventory.json");
export const SOURCE_ASSETS_DIR = join(dirname(fileURLToPath(import.meta.url)), "assets");

export const pidFile = (host: string) => join(STATE_DIR, "pids", `${host}.pid`);
export const logFile = (host: string) => join(STATE_DIR, "logs", `${host}.log`);
export const unhealthyFlag = (backend: string) => join(STATE_DIR, "backends", `${backend}.unhealthy`);
export const netnsEtc = (namespace: string) => join("/etc/netns", namespace);

export function ensureStateDirs(): void {
  for (const dir of ["pids", "logs", "backends", "assets"])
    mkdirSync(join(STATE_DIR, dir), { recursive: true, mode: 0o755 });
}

export function readPid(host: string): number | null {
  const file = pidFile(host);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, "utf8").trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function writePid(host: string, pid: number): void {
  writeFileSync(pidFile(host), `${pid}\n`);
}

/** Writes a file only when its content differs, creating folders; returns whether it wrote. */
export function writeIfChanged(path: string, content: string, mode = 0o644): boolean {
  if (existsSync(path) && readFileSync(path, "utf8") === content) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode });
  return true;
}

/** The node-death stand-in as each lab node has it (node-init.sh installs assets/node-death.sh there). */
export const NODE_DEATH_COMMAND = "/usr/local/sbin/hapair-lab-node-death";
