/**
 * A real Prometheus (Debian's package) on loopback, with its own data folder and port, scrapes
 * hapair's /api/metrics with a viewer API token and evaluates the README's VIP-moved rule: it fires
 * when the test pair's VIP moves (HAProxy stopped on the master, the track script fails). Started and
 * stopped by PID; the pair is put back as it was.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labExec, testPair, vipHolders, waitFor } from "@/e2e/lab/control";
import { pairDefinition, useDatabase } from "./rollout-support";

useDatabase("prometheus");
const dir = mkdtempSync(join(tmpdir(), "hapair-prometheus-"));
let prometheus: ChildProcess | null = null;
let server: Server | null = null;
let stop: (() => Promise<void>) | null = null;
let promUrl = "";
const [master, backup] = testPair().nodes;

const freePort = async () => {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
};

/** Like waitFor, for an asynchronous probe (a failed read is a sample lost; the deadline decides). */
async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function firingAlerts(): Promise<{ labels: Record<string, string>; state: string }[]> {
  const response = await fetch(`${promUrl}/api/v1/alerts`, { signal: AbortSignal.timeout(5_000) });
  const body = (await response.json()) as {
    data: { alerts: { labels: Record<string, string>; state: string }[] };
  };
  return body.data.alerts.filter((a) => a.labels.alertname === "HapairVipMoved" && a.state === "firing");
}

async function query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(expr)}`, {
    signal: AbortSignal.timeout(5_000),
  });
  return ((await response.json()) as { data: { result: [] } }).data.result;
}

beforeAll(async () => {
  const { db } = await import("@/lib/db/client");
  await (await import("@/lib/db/migrate")).migrateDatabase();
  const saved = await (
    await import("@/lib/store/revisions")
  ).saveClusterRevision(db, pairDefinition(), "lab");
  if (!saved.ok) throw new Error(saved.issues.map((i) => i.message).join("; "));
  const { createSshPool } = await import("@/lib/ssh");
  const pool = createSshPool({ backoff: { baseMs: 200, maxMs: 2_000 } });
  const poller = (await import("@/agents/poller/poller-service")).startPollerService(db, pool);
  // hapair's metrics route, served over HTTP as Next.js would (the route handler itself).
  const { GET } = await import("@/app/api/metrics/route");
  server = createServer((req, res) => {
    const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
      headers: Object.entries(req.headers).flatMap(([k, v]): [string, string][] =>
        typeof v === "string" ? [[k, v]] : [],
      ),
    });
    void GET(request, { params: Promise.resolve({}) }).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(await response.text());
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const hapairPort = (server.address() as AddressInfo).port;
  stop = async () => {
    await poller.stop();
    pool.closeAll();
    await db.$disconnect();
  };

  const { bearerFor } = await import("@/lib/auth/__fixtures__/test-sessions");
  writeFileSync(join(dir, "token"), (await bearerFor(db, "viewer", "prometheus")).replace("Bearer ", ""));
  writeFileSync(
    join(dir, "rules.yml"),
    [
      "groups:",
      "  - name: hapair",
      "    rules:",
      "      - alert: HapairVipMoved",
      "        expr: changes(hapair_vip_held[5m]) > 0 and hapair_vip_held == 1",
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(dir, "prometheus.yml"),
    [
      "global: { scrape_interval: 1s, evaluation_interval: 1s }",
      `rule_files: ["${join(dir, "rules.yml")}"]`,
      "scrape_configs:",
      "  - job_name: hapair",
      "    metrics_path: /api/metrics",
      `    authorization: { type: Bearer, credentials_file: "${join(dir, "token")}" }`,
      `    static_configs: [{ targets: ["127.0.0.1:${hapairPort}"] }]`,
      "",
    ].join("\n"),
  );
  const promPort = await freePort();
  promUrl = `http://127.0.0.1:${promPort}`;
  prometheus = spawn(
    "prometheus",
    [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${promPort}`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  prometheus.stderr?.resume();
}, 120_000);

afterAll(async () => {
  if (prometheus?.pid) process.kill(prometheus.pid, "SIGTERM");
  if (master) labExec(master.name, ["/usr/local/sbin/systemctl", "start", "haproxy"]);
  await waitFor(
    `the VIP back on ${master?.name}`,
    () => vipHolders(testPair()).join() === master?.name,
    60_000,
  ).catch(() => undefined);
  server?.close();
  await stop?.();
  rmSync(dir, { recursive: true, force: true });
}, 90_000);

describe("Prometheus scraping hapair", () => {
  it("scrapes with a token, sees the VIP holder, and the VIP-moved rule fires when the VIP moves", async () => {
    await waitUntil(
      "Prometheus scraping the VIP holder",
      async () => (await query(`hapair_vip_held{node="${master?.name}"} == 1`)).length === 1,
      90_000,
    );
    expect(await firingAlerts()).toEqual([]);
    expect((await query('up{job="hapair"}'))[0]?.value[1]).toBe("1");
    // The poller's poll-duration histogram, written to the node rows every 10 s.
    await waitUntil(
      "the master's poll durations scraped",
      async () =>
        (await query(`hapair_node_poll_duration_seconds_count{node="${master?.name}"} > 0`)).length === 1 &&
        (await query(`hapair_node_poll_duration_seconds_bucket{node="${master?.name}",le="+Inf"}`)).length ===
          1,
      60_000,
    );
    labExec(master?.name ?? "", ["/usr/local/sbin/systemctl", "stop", "haproxy"]);
    await waitUntil(
      "HapairVipMoved firing for the backup",
      async () => (await firingAlerts()).some((a) => a.labels.node === backup?.name),
      60_000,
    );
    const holder = await query("hapair_vip_held == 1");
    expect(holder.map((r) => r.metric.node)).toEqual([backup?.name]);
  }, 180_000);
});
