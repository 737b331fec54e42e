/**
 * Traffic chart storage (issue 18): database growth per node-day with the charts stored. Simulates
 * NODES nodes polled every 2 s for DAYS days of clock time (no lab needed): counters as a busy node
 * answers them (PROXIES frontends and backends, requests, 4xx and 5xx moving on every poll, a reload
 * every 6 h), turned into rows by the poller's own TrafficRecorder and pruned by the sink's own
 * TrafficPoints.prune, into a fresh migrated SQLite database. Growth per node-day is measured between the
 * end of day 1 and the end of the last day, when the hour of 2 s points has reached its steady size
 * (pages on SQLite's free list, which the next inserts reuse, are not counted as growth).
 *
 * Run: npx tsx scripts/bench/traffic-storage.ts [--nodes 4] [--days 3] [--proxies 4]
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errorMessage } from "@/lib/error-message";
import type { TrafficSampleRow } from "@/lib/store/traffic-samples";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const NODES = arg("--nodes", 4);
const DAYS = arg("--days", 3);
const PROXIES = arg("--proxies", 4);
const POLL_MS = 2_000;
const TARGET_MB_PER_NODE_DAY = 2;

const dir = mkdtempSync(join(tmpdir(), "hapair-traffic-bench-"));
process.env.DATABASE_URL = `file:${join(dir, "bench.db")}`;

async function main(): Promise<void> {
  const { db } = await import("@/lib/db/client");
  const { migrateDatabase } = await import("@/lib/db/migrate");
  const { ObservationSink } = await import("@/agents/poller/observation-sink");
  const { TrafficRecorder } = await import("@/agents/poller/traffic-recorder");
  const { insertTrafficSamples } = await import("@/lib/store/traffic-samples");
  await migrateDatabase();
  const cluster = await db.cluster.create({ data: { name: "bench" } });
  const nodes = await Promise.all(
    Array.from({ length: NODES }, (_, i) =>
      db.node.create({ data: { clusterId: cluster.id, name: `n${i}` } }),
    ),
  );
  const recorder = new TrafficRecorder();
  const sink = new ObservationSink(db);
  const usedBytes = async () => {
    const [pages] = await db.$queryRawUnsafe<{ n: bigint }[]>(
      "SELECT page_count - freelist_count AS n FROM pragma_page_count, pragma_freelist_count",
    );
    const [size] = await db.$queryRawUnsafe<{ s: bigint }[]>("SELECT page_size AS s FROM pragma_page_size");
    return Number(pages?.n ?? 0) * Number(size?.s ?? 0);
  };
  const start = Date.UTC(2026, 0, 1);
  const polls = (DAYS * 86_400_000) / POLL_MS;
  const totals = nodes.map(() => Array.from({ length: PROXIES }, () => ({ requests: 0, e4: 0, e5: 0 })));
  let pending: TrafficSampleRow[] = [];
  const sizes: number[] = [];
  const wallStart = performance.now();
  for (let p = 1; p <= polls; p++) {
    const at = start + p * POLL_MS;
    const epoch = String(Math.floor((at - start) / (6 * 3_600_000)));
    nodes.forEach((node, n) => {
      const proxies = (totals[n] ?? []).map((t, k) => {
        t.requests += 200 + Math.floor(Math.random() * 400);
        t.e4 += Math.floor(Math.random() * 8);
        t.e5 += Math.random() < 0.1 ? 1 : 0;
        return {
          key: `${k % 2 ? "b" : "f"}:proxy_${k}`,
          sessions: Math.floor(Math.random() * 300),
          requests: t.requests,
          http4xx: t.e4,
          http5xx: t.e5,
        };
      });
      pending.push(...recorder.rows(node.id, { at, epoch, proxies }));
    });
    if (pending.length >= 2_000 || p === polls) {
      await insertTrafficSamples(db, pending);
      pending = [];
      await sink.traffic.prune(at);
    }
    if (p % (86_400_000 / POLL_MS) === 0) {
      for (const reading of totals) for (const t of reading) t.requests = t.e4 = t.e5 = 0; // HAProxy restarted
      sizes.push(await usedBytes());
      console.log(`day ${sizes.length}: ${(sizes.at(-1) ?? 0) / 2 ** 20} MB used`);
    }
  }
  const rows = await db.trafficSample.groupBy({ by: ["step"], _count: true });
  const first = sizes[0] ?? 0;
  const last = sizes.at(-1) ?? 0;
  const perNodeDay = (last - first) / (DAYS - 1) / NODES / 2 ** 20;
  const steadyHour = first / NODES / 2 ** 20;
  console.log(
    `\nTraffic charts, ${NODES} nodes × ${PROXIES} frontends/backends, every ${POLL_MS / 1000} s for ${DAYS} days (${((performance.now() - wallStart) / 1000).toFixed(0)} s to simulate):`,
  );
  console.log(`rows kept: ${rows.map((r) => `step ${r.step}: ${r._count}`).join(", ")}`);
  console.log(
    `growth per node-day: ${perNodeDay.toFixed(3)} MB (target ≤ ${TARGET_MB_PER_NODE_DAY}); after day 1 (hour of 2 s points + a day of minutes + schema): ${steadyHour.toFixed(3)} MB per node`,
  );
  await db.$disconnect();
  process.exitCode = perNodeDay <= TARGET_MB_PER_NODE_DAY ? 0 : 1;
}

main()
  .catch((error: unknown) => {
    console.error(`[traffic-storage] ${errorMessage(error)}`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
