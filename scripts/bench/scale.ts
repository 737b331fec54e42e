/**
 * Scale benchmark (issue 19 item 4): the whole path at 1,000 nodes (500 pairs). A fresh database
 * (SQLite file, or a database of its own on a PostgreSQL server) holds 500 clusters whose nodes are
 * the lab's nodes, 50 database nodes to each of 20 lab nodes; the real agents (every worker of
 * agents/main.ts, one or more processes sharing the clusters by leases) poll them over pooled SSH, each
 * conversation replaying its lab node's recorded answer (replay.ts), and the real web server (the
 * built app: `npx next build` first) serves them. Measured over a window under that load: the agents'
 * CPU per node-poll and in total, the statements that write per second, the alert round time, `GET
 * /api/clusters` latency, each process's memory, and the overview's load time in headless Chromium.
 *
 * Run (as root, lab up, the app built):
 *   npx tsx scripts/bench/scale.ts --pairs lab-8,…,lab-17 [--clusters 500] [--seconds 60] [--warm 30]
 *     [--port 3280] [--skip-dashboard | --only dashboard] [--profile FILE] [--keep-logs]
 *   PostgreSQL, two agents processes: add --postgres URL --agents 2 (URL: a server's maintenance
 *   database, e.g. from `npx tsx e2e/postgres/server.ts url`; the benchmark's database is dropped at the end).
 * Every process it starts is stopped by PID at the end (SIGTERM, then SIGKILL after 15 s).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { randomBytes } from "node:crypto";
import { AGENTS_NODE_FLAGS } from "@/agents/node-flags";
import { requireInventory } from "@/e2e/lab/control";
import { labPairDefinition } from "@/e2e/lab/register";
import { errorMessage } from "@/lib/error-message";
import { flag } from "./flags";
import { ms, percentile } from "./stats";
import type { AgentsReport } from "./scale-agents";

const CLUSTERS = Number(flag("clusters", "500"));
const SECONDS = Number(flag("seconds", "60"));
const WARM_SECONDS = Number(flag("warm", "30"));
const PORT = Number(flag("port", "3280"));
const POSTGRES = flag("postgres", "");
const AGENTS = Number(flag("agents", POSTGRES ? "2" : "1"));
const PROFILE = flag("profile", "");
const ONLY_DASHBOARD = flag("only", "") === "dashboard";
const SKIP_DASHBOARD = process.argv.includes("--skip-dashboard");
const KEEP_LOGS = process.argv.includes("--keep-logs");
const DASHBOARD_LOADS = 3;
/** A pause between two `GET /api/clusters`: a few dashboards' worth of reads, not a flood on 2 cores. */
const REQUEST_PAUSE_MS = 250;
const STOP_GRACE_MS = 15_000;

const sleep = (ms_: number) => new Promise((resolve) => setTimeout(resolve, ms_));
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

/** A process's resident memory in kB (0 once it is gone). */
function rssKb(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** A process's CPU time (user + system) in ms, from /proc (clock ticks of 10 ms). */
function procCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

const children: ChildProcess[] = [];

function started(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const child = spawn(process.execPath, args, { env, stdio: ["pipe", "pipe", "pipe"] });
  const log = createWriteStream(logFile);
  child.stderr?.pipe(log);
  child.once("exit", (code, signal) => {
    if (!stopping)
      console.error(`[scale] ${name} (PID ${child.pid}) exited: ${code ?? signal}; see ${logFile}`);
  });
  children.push(child);
  return child;
}

let stopping = false;
async function stopAll(): Promise<void> {
  stopping = true;
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }),
  );
}

interface Database_ {
  url: string;
  drop(): Promise<void>;
}

async function freshDatabase(dir: string): Promise<Database_> {
  if (!POSTGRES) return { url: `file:${join(dir, "scale.db")}`, drop: async () => {} };
  process.env.HAPAIR_TEST_PG_URL = POSTGRES;
  const { createTestDatabase, dropTestDatabase } = await import("@/lib/db/__testing__/postgres-database");
  const url = await createTestDatabase("hapair_scale");
  return { url, drop: () => dropTestDatabase(url) };
}

/** 500 clusters on the lab pairs, round robin: each a lab pair's definition under a name of its own. */
async function createClusters(pairs: string[]): Promise<void> {
  const inventory = requireInventory();
  const definitions = pairs.map((name) => {
    const pair = inventory.pairs.find((p) => p.name === name);
    if (!pair) throw new Error(`no lab pair ${name}`);
    return labPairDefinition(inventory, pair);
  });
  const { db } = await import("@/lib/db/client");
  const { migrateDatabase } = await import("@/lib/db/migrate");
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  await migrateDatabase();
  for (let i = 0; i < CLUSTERS; i++) {
    const definition = definitions[i % definitions.length];
    if (!definition) throw new Error("no lab pairs given (--pairs)");
    const name = `scale-${String(i + 1).padStart(3, "0")}`;
    // A VRID of its own on its segment (a lab pair's subnet), as real pairs have: sharing the lab pair's
    // made every cluster clash with the other 49 on its segment (24,000 drift incidents, not a real load).
    const vrrp = { ...definition.vrrp, virtualRouterId: 1 + Math.floor(i / definitions.length) };
    const saved = await saveClusterRevision(db, { ...definition, name, vrrp }, "scale", "scale benchmark");
    if (!saved.ok)
      throw new Error(`${name}: ${saved.issues.map((x) => `${x.path}: ${x.message}`).join("; ")}`);
  }
}

async function createViewer(password: string): Promise<void> {
  const { db } = await import("@/lib/db/client");
  const { createUser } = await import("@/lib/auth/users");
  const made = await createUser(db, { username: "scale", password, role: "viewer" }, "scale");
  if (!made.ok) throw new Error(`user: ${made.issues.map((x) => x.message).join("; ")}`);
  await db.$disconnect();
}

async function signIn(baseUrl: string, password: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    body: JSON.stringify({ username: "scale", password }),
  });
  const cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
  if (!login.ok || !cookie) throw new Error(`sign-in answered ${login.status}`);
  return cookie;
}

async function waitHealthy(baseUrl: string, web: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (web.exitCode !== null) throw new Error("the web server exited while starting");
    if (
      await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    if (Date.now() > deadline) throw new Error("the web server did not answer /api/health within 120 s");
    await sleep(500);
  }
}

/** Each agents process's newest report line. */
function followReports(agents: ChildProcess[]): { latest: Map<number, AgentsReport>; rounds: number[] } {
  const latest = new Map<number, AgentsReport>();
  const rounds: number[] = [];
  for (const child of agents) {
    if (!child.stdout) continue;
    createInterface({ input: child.stdout }).on("line", (line) => {
      try {
        const report = JSON.parse(line) as AgentsReport;
        latest.set(report.pid, report);
        rounds.push(...report.alertRounds);
      } catch {
        // Not a report (a log line on stdout).
      }
    });
  }
  return { latest, rounds };
}

const sum = (reports: Iterable<AgentsReport>, pick: (r: AgentsReport) => number) =>
  [...reports].reduce((total, r) => total + pick(r), 0);

async function measureApi(baseUrl: string, cookie: string, until: number): Promise<number[]> {
  const times: number[] = [];
  while (Date.now() < until) {
    const start = performance.now();
    const response = await fetch(`${baseUrl}/api/clusters`, { headers: { cookie } });
    const body = (await response.json()) as unknown[];
    if (!response.ok || body.length !== CLUSTERS)
      throw new Error(`GET /api/clusters answered ${response.status} with ${body.length} clusters`);
    times.push(performance.now() - start);
    await sleep(REQUEST_PAUSE_MS);
  }
  return times.sort((a, b) => a - b);
}

/** The overview's load time: from navigation until it shows every cluster's row (or its first, when it shows fewer). */
async function measureDashboard(baseUrl: string, cookie: string): Promise<string> {
  const { chromium } = await import("@playwright/test");
  // The system Chromium (as playwright.config.ts): Playwright's own download is not installed here.
  const browser = await chromium.launch({ headless: true, executablePath: "/usr/bin/chromium" });
  const [name = "", value = ""] = cookie.split("=");
  const results: { first: number; all: number | null; rows: number }[] = [];
  try {
    for (let i = 0; i < DASHBOARD_LOADS; i++) {
      const context = await browser.newContext();
      await context.addCookies([{ name, value, url: baseUrl }]);
      const page = await context.newPage();
      const start = performance.now();
      await page.goto(`${baseUrl}/`, { waitUntil: "commit" });
      const rows = page.locator('[data-testid="cluster-row"]');
      await rows.first().waitFor({ timeout: 60_000 });
      const first = performance.now() - start;
      const all = await page
        .waitForFunction(
          (n) => document.querySelectorAll('[data-testid="cluster-row"]').length >= n,
          CLUSTERS,
          { timeout: 30_000 },
        )
        .then(
          () => performance.now() - start,
          () => null,
        );
      results.push({ first, all, rows: await rows.count() });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
  const alls = results.flatMap((r) => (r.all === null ? [] : [r.all]));
  return (
    `dashboard (overview, ${DASHBOARD_LOADS} loads in a fresh headless Chromium context each): first row ${ms(median(results.map((r) => r.first)))}, ` +
    (alls.length === results.length
      ? `all ${CLUSTERS} rows ${ms(median(alls))} (median; max ${ms(Math.max(...alls))})`
      : `shows ${results.map((r) => r.rows).join("/")} rows, not all ${CLUSTERS}`)
  );
}

/** Every node answering about once per poll interval (2 s): what the warm-up waits for, at most STEADY_WAIT_MS more. */
const STEADY_SHARE = 0.9;
const STEADY_WAIT_MS = 90_000;

/** After the warm-up, waits until the agents' polls reach the steady rate (a cold start connects 1,000 nodes first); says when. */
async function untilSteady(latest: Map<number, AgentsReport>, upAt: number): Promise<void> {
  const answers = () => sum(latest.values(), (r) => r.answers);
  const expected = CLUSTERS * 2 * (4 / 2); // answers in 4 s, each node every 2 s
  const deadline = performance.now() + STEADY_WAIT_MS;
  for (;;) {
    const before = answers();
    await sleep(4_000);
    const rate = answers() - before;
    if (rate >= STEADY_SHARE * expected) {
      console.log(
        `[scale] steady: ${((rate / expected) * 100).toFixed(0)}% of the nodes' polls answered over 4 s, ${ms(performance.now() - upAt)} after the agents started`,
      );
      return;
    }
    if (performance.now() > deadline) {
      console.log(
        `[scale] not steady ${ms(performance.now() - upAt)} after the agents started: ${((rate / expected) * 100).toFixed(0)}% of the nodes' polls answered over 4 s; measuring anyway`,
      );
      return;
    }
  }
}

async function main(): Promise<void> {
  const pairs = flag("pairs", "").split(",").filter(Boolean);
  if (pairs.length === 0) throw new Error("name the lab pairs to use: --pairs lab-8,lab-9,…");
  const dir = mkdtempSync(join(tmpdir(), "hapair-scale-"));
  const database = await freshDatabase(dir);
  process.env.DATABASE_URL = database.url;
  const password = randomBytes(18).toString("base64url");
  let failed = true;
  try {
    const setupStart = performance.now();
    await createClusters(pairs);
    await createViewer(password);
    console.log(
      `[scale] ${CLUSTERS} clusters (${CLUSTERS * 2} nodes on ${pairs.length * 2} lab nodes) in a fresh ${POSTGRES ? "PostgreSQL" : "SQLite"} database, ${ms(performance.now() - setupStart)}`,
    );
    const env = {
      ...process.env,
      DATABASE_URL: database.url,
      HAPAIR_KEY_DIR: dirname(requireInventory().keyPath),
      NEXT_TELEMETRY_DISABLED: "1",
    };
    const agents = Array.from({ length: AGENTS }, (_, i) =>
      started(
        `agents ${i + 1}`,
        [...AGENTS_NODE_FLAGS, "--import", "tsx", "scripts/bench/scale-agents.ts"],
        {
          ...env,
          ...(PROFILE ? { HAPAIR_SCALE_PROFILE: AGENTS > 1 ? `${PROFILE}.${i + 1}` : PROFILE } : {}),
        },
        join(dir, `agents-${i + 1}.log`),
      ),
    );
    const reports = followReports(agents);
    const web = started(
      "web",
      ["--import", "tsx", "scripts/web-server.ts"],
      { ...env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(PORT) },
      join(dir, "web.log"),
    );
    const baseUrl = `http://127.0.0.1:${PORT}`;
    await waitHealthy(baseUrl, web);
    const cookie = await signIn(baseUrl, password);
    console.log(`[scale] ${AGENTS} agents process(es) and the web server up; warming for ${WARM_SECONDS} s`);
    const upAt = performance.now();
    await sleep(WARM_SECONDS * 1_000);
    if (!ONLY_DASHBOARD) await untilSteady(reports.latest, upAt);
    const processes = [
      ...agents.map((a, i) => ({ name: `agents ${i + 1}`, pid: a.pid ?? 0 })),
      { name: "web", pid: web.pid ?? 0 },
    ];
    const peakRss = new Map(processes.map((p) => [p.pid, 0]));
    const sampler = setInterval(() => {
      for (const { pid } of processes) peakRss.set(pid, Math.max(peakRss.get(pid) ?? 0, rssKb(pid)));
    }, 1_000);
    try {
      if (!ONLY_DASHBOARD) {
        for (const a of agents) a.stdin?.write(PROFILE ? "window profile\n" : "window\n");
        const before = new Map(reports.latest);
        reports.rounds.length = 0;
        const webCpuBefore = procCpuMs(web.pid ?? 0);
        const windowStart = performance.now();
        const api = await measureApi(baseUrl, cookie, Date.now() + SECONDS * 1_000);
        await sleep(1_100); // the agents' next report line
        const seconds = (performance.now() - windowStart) / 1_000;
        const after = reports.latest;
        const delta = (pick: (r: AgentsReport) => number) =>
          sum(after.values(), pick) - sum(before.values(), pick);
        const cpu = delta((r) => r.cpuMs);
        const polls = delta((r) => r.answers);
        const rounds = [...reports.rounds].sort((a, b) => a - b);
        console.log(
          `\nScale benchmark, ${POSTGRES ? "PostgreSQL" : "SQLite"}, ${AGENTS} agents process(es), ${CLUSTERS} clusters / ${CLUSTERS * 2} nodes, ${seconds.toFixed(0)} s measured after ${WARM_SECONDS} s warm-up:`,
        );
        console.log(
          `agents: ${(polls / seconds).toFixed(0)} node-polls/s (${((polls / seconds / (CLUSTERS * 2)) * 2).toFixed(2)} per node per 2 s), ` +
            `${(cpu / polls).toFixed(2)} ms CPU per node-poll (whole agents process: poller, sink, alerting, every loop), ${(cpu / seconds / 1_000).toFixed(2)} cores in total` +
            (AGENTS > 1
              ? ` (${[...after.values()].map((r) => `${((r.cpuMs - (before.get(r.pid)?.cpuMs ?? 0)) / seconds / 1_000).toFixed(2)}`).join(" + ")})`
              : ""),
        );
        const lags = [...after.values()].map((r) => r.maxLagMs ?? r.lagMs);
        console.log(`agents' event loop: longest delay ${lags.map((l) => ms(l)).join(", ")} (the window's)`);
        console.log(
          `database writes: ${(delta((r) => r.statements) / seconds).toFixed(0)} statements/s in ${(delta((r) => r.transactions) / seconds).toFixed(0)} transactions/s`,
        );
        console.log(
          `alert rounds (${rounds.length}): p50 ${ms(percentile(rounds, 50))}, p95 ${ms(percentile(rounds, 95))}, max ${ms(rounds.at(-1) ?? NaN)}`,
        );
        console.log(
          `GET /api/clusters (${api.length} requests, one at a time, ${REQUEST_PAUSE_MS} ms apart): p50 ${ms(percentile(api, 50))}, p95 ${ms(percentile(api, 95))}, max ${ms(api.at(-1) ?? NaN)}; web CPU ${((procCpuMs(web.pid ?? 0) - webCpuBefore) / seconds / 1_000).toFixed(2)} cores`,
        );
      }
      if (!SKIP_DASHBOARD) console.log(await measureDashboard(baseUrl, cookie));
    } finally {
      clearInterval(sampler);
    }
    console.log(`peak RSS: ${processes.map((p) => `${p.name} ${mb(peakRss.get(p.pid) ?? 0)}`).join(", ")}`);
    failed = false;
  } finally {
    await stopAll();
    const { db } = await import("@/lib/db/client");
    await db.$disconnect();
    await database.drop().catch((error: unknown) => console.error(`[scale] drop: ${errorMessage(error)}`));
    // The processes' logs are kept when the run failed.
    if (failed || KEEP_LOGS) console.error(`[scale] logs kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`[scale] ${errorMessage(error)}`);
  process.exitCode = 1;
});
