/**
 * Runs the real `haproxy -c` and `keepalived -t` on rendered files, on this machine, without touching
 * its configuration: HAProxy sees a throw-away /etc/haproxy (bind-mounted in a private mount
 * namespace) holding the certificates and error files the config names; keepalived runs in a
 * throw-away network namespace that has the interfaces the config names. Test tooling only.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

const STAGE_ROOT = "/run/hapair-render-check"; // under /run: keepalived refuses scripts in world-writable trees
export const CHECK_NAMESPACE = "hpr-check";

export interface CheckResult {
  code: number;
  output: string;
}

let testCert: string | null = null;

function certificatePem(): string {
  if (testCert) return testCert;
  const dir = mkdtempSync(join(STAGE_ROOT, "cert-"));
  const run = spawnSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      join(dir, "k"),
      "-out",
      join(dir, "c"),
      "-days",
      "2",
      "-subj",
      "/CN=render-check",
    ],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`openssl failed: ${run.stderr}`);
  testCert = spawnSync("cat", [join(dir, "c"), join(dir, "k")], { encoding: "utf8" }).stdout;
  rmSync(dir, { recursive: true, force: true });
  return testCert;
}

/** Files below /etc/haproxy the config refers to (certificates, error files), created for the check. */
function referencedFiles(cfg: string): string[] {
  return [...cfg.matchAll(/(\/etc\/haproxy\/[^\s)"\]]+)/g)]
    .map((m) => m[1] ?? "")
    .filter((p) => p !== "/etc/haproxy/haproxy.cfg");
}

export function haproxyCheck(cfg: string): CheckResult {
  mkdirSync(STAGE_ROOT, { recursive: true, mode: 0o755 });
  const stage = mkdtempSync(join(STAGE_ROOT, "haproxy-"));
  try {
    const etc = join(stage, "etc-haproxy");
    for (const path of referencedFiles(cfg)) {
      const target = join(etc, path.slice("/etc/haproxy/".length));
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(
        target,
        path.endsWith(".http")
          ? "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\ndown\n"
          : path.endsWith(".map")
            ? ""
            : certificatePem(),
      );
    }
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, "haproxy.cfg"), cfg);
    const run = spawnSync(
      "unshare",
      [
        "--mount",
        "--propagation",
        "private",
        "sh",
        "-c",
        'mount --bind "$1" /etc/haproxy && exec haproxy -c -f /etc/haproxy/haproxy.cfg',
        "sh",
        etc,
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function ensureInterfaces(names: string[]): void {
  const list = spawnSync("ip", ["netns", "list"], { encoding: "utf8" }).stdout;
  if (!list.split("\n").some((line) => line.split(" ")[0] === CHECK_NAMESPACE))
    spawnSync("ip", ["netns", "add", CHECK_NAMESPACE]);
  for (const [i, name] of names.entries()) {
    if (spawnSync("ip", ["-n", CHECK_NAMESPACE, "link", "show", name]).status === 0) continue;
    const made = spawnSync(
      "ip",
      [
        "-n",
        CHECK_NAMESPACE,
        "link",
        "add",
        name,
        "type",
        "veth",
        "peer",
        "name",
        `hprpeer${i}${Date.now() % 1000}`,
      ],
      { encoding: "utf8" },
    );
    if (made.status !== 0) throw new Error(`cannot create interface ${name}: ${made.stderr}`);
    spawnSync("ip", ["-n", CHECK_NAMESPACE, "link", "set", name, "up"]);
  }
}

export function keepalivedCheck(conf: string): CheckResult {
  const interfaces = [...new Set([...conf.matchAll(/\b(?:interface|dev)\s+(\S+)/g)].map((m) => m[1] ?? ""))];
  const tracked = /track_interface \{([^}]*)\}/.exec(conf)?.[1]?.trim().split(/\s+/) ?? [];
  ensureInterfaces([...new Set([...interfaces, ...tracked])].filter(Boolean));
  mkdirSync(STAGE_ROOT, { recursive: true, mode: 0o755 });
  const stage = mkdtempSync(join(STAGE_ROOT, "keepalived-"));
  try {
    const file = join(stage, "keepalived.conf");
    writeFileSync(file, conf);
    const run = spawnSync("ip", ["netns", "exec", CHECK_NAMESPACE, "keepalived", "-t", "-f", file], {
      encoding: "utf8",
      timeout: 30_000,
    });
    return { code: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

/** Removes the check namespace and stage folder (by their exact names). */
export function cleanupChecks(): void {
  spawnSync("ip", ["netns", "del", CHECK_NAMESPACE]);
  rmSync(STAGE_ROOT, { recursive: true, force: true });
}
