/**
 * The remote CLI as CI runs it: a running web + agents pair (scripts/start.ts on the built app, its
 * own database with the test pair registered), and child processes that have only `bin/hapair.mjs`,
 * `--server` and HAPAIR_TOKEN (no DATABASE_URL): export, validate, apply and roll out a change to the
 * test pair, then drill it (process death), the outcome as the exit code. The pair's files are put back at the end.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPair } from "@/e2e/lab/control";
import { expectPairBack } from "./drill-support";
import { freePort } from "./free-port";
import {
  nodeFile,
  pairDefinition,
  restoreOriginalFiles,
  saveOriginalFiles,
  type SavedPair,
} from "./rollout-support";

const dir = mkdtempSync(join(tmpdir(), "hapair-remote-cli-"));
const database = resolve("data", "test-remote-cli.db");
for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${database}${suffix}`, { force: true });
const serverEnv = {
  ...process.env,
  DATABASE_URL: `file:${database}`,
  HOST: "127.0.0.1",
  HAPAIR_KEY_DIR: process.env.HAPAIR_KEY_DIR ?? process.env.HAPAIR_LAB_STATE_DIR ?? "/run/hapair-lab",
};
let web: ChildProcess | null = null;
let saved: SavedPair | null = null;
let url = "";
let token = "";
const name = pairDefinition().name;

/** The CLI in a child process with nothing but the server URL and the token. */
function hapair(...args: string[]) {
  const run = spawnSync(process.execPath, [resolve("bin", "hapair.mjs"), "--server", url, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: dir, HAPAIR_TOKEN: token } as unknown as NodeJS.ProcessEnv,
    encoding: "utf8",
    timeout: 600_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  // npm test builds before the lab phase; by hand, `npx next build` first.
  if (!existsSync(resolve(".next", "BUILD_ID")))
    throw new Error("no production build: run `npx next build` first");
  saved = saveOriginalFiles();
  const register = spawnSync("npx", ["tsx", "scripts/register-lab.ts", testPair().name], {
    env: serverEnv,
    encoding: "utf8",
  });
  if (register.status !== 0) throw new Error(`register-lab: ${register.stderr}`);
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  web = spawn("npx", ["tsx", "scripts/start.ts"], {
    env: { ...serverEnv, PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  process.env.DATABASE_URL = serverEnv.DATABASE_URL;
  const { db } = await import("@/lib/db/client");
  const { bearerFor } = await import("@/lib/auth/__fixtures__/test-sessions");
  token = (await bearerFor(db, "admin", "ci-deploy")).replace("Bearer ", "");
  await db.$disconnect();
  const deadline = Date.now() + 240_000;
  for (;;) {
    const health = await fetch(`${url}/api/health`).catch(() => null);
    const body = health?.ok ? ((await health.json()) as { status?: string }) : null;
    if (body?.status === "ok") break;
    if (Date.now() > deadline) throw new Error(`hapair did not come up: ${JSON.stringify(body)}`);
    await new Promise((done) => setTimeout(done, 1_000));
  }
}, 300_000);

afterAll(async () => {
  // start.ts stops the web server and the agents on SIGTERM; its process group, by its PID.
  if (web?.pid) process.kill(-web.pid, "SIGTERM");
  await new Promise((done) => setTimeout(done, 3_000));
  if (saved) await restoreOriginalFiles(saved);
  rmSync(dir, { recursive: true, force: true });
}, 120_000);

describe("hapair --server from a second shell", () => {
  it("exports, validates, applies and rolls out a change to the pair; the exit code is the outcome", async () => {
    const exported = hapair("export", name);
    expect(exported.code, exported.stderr).toBe(0);
    const definition = parse(exported.stdout) as { haproxy: { backends: { servers: unknown[] }[] } };
    definition.haproxy.backends = definition.haproxy.backends.map((b) => ({
      ...b,
      servers: b.servers.slice(0, 2),
    }));
    const file = join(dir, "pair.yaml");
    writeFileSync(file, stringify(definition));
    expect(hapair("validate", file).code).toBe(0);
    expect(hapair("diff", file).code).toBe(1);
    const applied = hapair("apply", file, "--message", "two servers, from CI");
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toMatch(/saved as revision \d+/);
    expect(hapair("diff", file).code).toBe(0);
    const rollout = hapair("rollout", name, "--mode", "graceful", "--confirm-drift");
    console.log(`[remote-cli] rollout:\n${rollout.stdout}${rollout.stderr}`);
    expect(rollout.code, rollout.stderr).toBe(0);
    expect(rollout.stdout).toMatch(/rollout #\d+: succeeded/);
    for (const node of testPair().nodes)
      expect(nodeFile(node.name, "/etc/haproxy/haproxy.cfg")).not.toMatch(/server app-03/);
  }, 600_000);

  it("drills the pair (process death) from the second shell: exit 0 and the report when it passed; a refused drill exits 1", async () => {
    // Node death is not enabled in the pair's definition: the server's pre-checks refuse, nothing runs.
    const refused = hapair("drill", name, "--mode", "node", "--confirm-node-death");
    expect(refused.code, refused.stdout).toBe(1);
    expect(refused.stderr).not.toBe("");
    const drill = hapair("drill", name, "--mode", "process", "--json", "--timeout", "240");
    console.log(`[remote-cli] drill:\n${drill.stdout}${drill.stderr}`);
    expect(drill.code, drill.stderr).toBe(0);
    expect(JSON.parse(drill.stdout)).toMatchObject({ mode: "process", outcome: "passed" });
    await expectPairBack();
  }, 600_000);
});
