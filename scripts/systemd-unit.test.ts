/**
 * deploy/systemd: the unit passes `systemd-analyze verify` (no warning either: an unknown or
 * misspelt key is only a warning there), stays hardened by systemd's own exposure score, and the
 * environment file lists every variable hapair reads.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
const UNIT = join(ROOT, "deploy", "systemd", "hapair.service");
const ENV_FILE = join(ROOT, "deploy", "systemd", "hapair.env");

/** Not for the service's environment: set by hapair itself, or read by the CLI's remote mode only. */
const NOT_SERVICE_SETTINGS: Record<string, string> = {
  HAPAIR_PEER_HEADER: "set by scripts/web-server.ts for its own process",
  HAPAIR_TOKEN: "the CLI's --server mode",
  HAPAIR_CLI_POLL_MS: "the CLI's --server mode (tests)",
  NODE_ENV: "set by scripts/start.ts for the web server",
  USER: "the CLI's actor name",
  SUDO_USER: "the CLI's actor name",
};

function analyze(...args: string[]) {
  // No systemd is running in a container: verify and the offline security check read the files only.
  const run = spawnSync("systemd-analyze", args, {
    encoding: "utf8",
    env: { ...process.env, SYSTEMD_LOG_LEVEL: "notice", SYSTEMD_COLORS: "0", SYSTEMD_PAGER: "" },
    timeout: 30_000,
  });
  if (run.error)
    throw new Error(
      `systemd-analyze did not run (scripts/ensure-deps.sh installs systemd): ${run.error.message}`,
    );
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory())
      return ["node_modules", "generated", "__testing__", "__fixtures__", "bench", "e2e", ".next"].includes(
        name,
      )
        ? []
        : sourceFiles(path);
    return /\.(ts|tsx|mjs)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Variable names the product code reads from its environment. */
function variablesRead(): Map<string, string> {
  const found = new Map<string, string>();
  const files = ["app", "lib", "agents", "scripts", "bin"].flatMap((dir) => sourceFiles(join(ROOT, dir)));
  files.push(join(ROOT, "proxy.ts"));
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\benv(?:\.([A-Z][A-Z0-9_]+)|\[\s*"([A-Z][A-Z0-9_]+)"\s*\])/g))
      found.set(match[1] ?? match[2] ?? "", relative(ROOT, file));
    // Names passed around as strings: `const X_ENV = "HAPAIR_…"`, `minutes("HAPAIR_…", …)`.
    for (const match of text.matchAll(/"(HAPAIR_[A-Z0-9_]+)"/g))
      found.set(match[1] ?? "", relative(ROOT, file));
  }
  return found;
}

describe("deploy/systemd", () => {
  it("hapair.service passes systemd-analyze verify without a warning", () => {
    const run = analyze("verify", UNIT);
    expect(run.output).toBe("");
    expect(run.code).toBe(0);
  });

  it("would fail verify on a misspelt key or a missing program (the check works)", () => {
    const dir = mkdtempSync(join(tmpdir(), "hapair-unit-"));
    try {
      const path = join(dir, "hapair.service");
      const unit = readFileSync(UNIT, "utf8");
      writeFileSync(path, unit.replace("ProtectSystem=strict", "ProtectSystm=strict"));
      expect(analyze("verify", path).output).toMatch(/Unknown key .*ProtectSystm/);
      writeFileSync(path, unit.replace("/usr/bin/node", "/usr/bin/no-such-node"));
      const missing = analyze("verify", path);
      expect(missing.output).toMatch(/no-such-node is not executable/);
      expect(missing.code).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is hardened: systemd's exposure score at most 2.0 of 10", () => {
    const run = analyze("security", "--offline=yes", "--threshold=20", UNIT);
    expect(run.output).toMatch(/Overall exposure level for hapair\.service: (\d\.\d)/);
    const score = Number(/Overall exposure level for hapair\.service: (\d+\.\d)/.exec(run.output)?.[1]);
    console.log(`systemd-analyze security: exposure ${score}`);
    expect(score).toBeLessThanOrEqual(2);
    expect(run.code).toBe(0);
  });

  it("the environment file documents every variable hapair reads, and nothing else", () => {
    const listed = new Set(
      [...readFileSync(ENV_FILE, "utf8").matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1] ?? ""),
    );
    const read = variablesRead();
    const missing = [...read].filter(([name]) => !listed.has(name) && !(name in NOT_SERVICE_SETTINGS));
    expect(missing.map(([name, file]) => `${name} (read in ${file})`)).toEqual([]);
    expect([...listed].filter((name) => !read.has(name))).toEqual([]);
  });
});
