/**
 * The alert evaluator's round time at scale, without a lab or root: a fresh database (a SQLite file in
 * a temporary folder, or a database of its own on a PostgreSQL server) holds N clusters × 2 nodes (the
 * overview spec's seed: e2e/browser/scale-seed.ts, a mix of healthy, split-brain, no holder, stale,
 * degraded and pending clusters), a succeeded rollout per cluster and one enabled channel. Every node
 * is "polled" every 2 s through the poller's own ObservationSink with a real node's observation
 * (lib/probes/parse/__fixtures__, the cluster's VIP put in), a share of them (`--changing`) with
 * changed session counts, so rows change as on a busy node. The real evaluator (startAlertEvaluator)
 * runs beside it; its rounds (onRound) and the process's CPU are measured, with the writer alone first.
 *
 *   npx tsx scripts/bench/alert-rounds.ts [--clusters 500] [--seconds 30] [--warm 15] [--baseline 8]
 *     [--changing 0.25] [--history 300] [--certificates] [--postgres URL] [--profile FILE.cpuprofile]
 *
 * `--postgres URL`: a server's maintenance database (`npx tsx e2e/postgres/server.ts start|url|stop`).
 */
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { assembleObservation } from "@/lib/probes/assemble";
import { parseShowStat } from "@/lib/probes/parse/haproxy-stat";
import { parseShowProc } from "@/lib/probes/parse/master-proc";
import { parseNodeFacts } from "@/lib/probes/parse/node-facts";
import { probeSpec } from "@/lib/probes/probe-spec";
import type { Database } from "@/lib/db/client";
import type { ClusterHealth } from "@/lib/status/cluster-status";
import type { NodeObservation } from "@/lib/status/observation";
import { scaleName, seededHealth, seedScaleClusters } from "@/e2e/browser/scale-seed";
import { flag } from "./flags";
import { cpuMs, startProfiler } from "./replay";
import { ms, percentile } from "./stats";

const CLUSTERS = Number(flag("clusters", "500"));
const SECONDS = Number(flag("seconds", "30"));
/** Longer than the default holds (backends 10 s), so the seeded problems have fired before the measurement. */
const WARM_SECONDS = Number(flag("warm", "15"));
const BASELINE_SECONDS = Number(flag("baseline", "8"));
const CHANGING = Number(flag("changing", "0.25"));
/** Older rows per node, within the hour the sink keeps: readers must find the newest among them. */
const HISTORY = Number(flag("history", "300"));
const POSTGRES = flag("postgres", "");
/** One certificate per cluster (the fixture leaf and CA), served as held. */
const CERTIFICATES = process.argv.includes("--certificates");
const PROFILE = flag("profile", "");
const POLL_EVERY_MS = 2_000;
/** The writer's tick: each tick polls one slice of the nodes, so the 2 s of polls are spread as the poller's jitter spreads them. */
const TICK_MS = 100;

const sleep = (ms_: number) => new Promise((resolve) => setTimeout(resolve, ms_));

const FIXTURES = join(import.meta.dirname, "../../lib/probes/parse/__fixtures__");
const FIXTURE_VIP = "10.0.0.100";

/**
 * lb-01 of the lab as the probe read it (MASTER with the VIP, HAProxy's real `show stat`), as JSON
 * text, its servers UP: a healthy fleet, where only the seeded states alert.
 */
function realObservationText(): string {
  const facts = parseNodeFacts(readFileSync(join(FIXTURES, "node-facts-lb-01.txt"), "utf8"));
  const stat = parseShowStat(readFileSync(join(FIXTURES, "show-stat.csv"), "utf8"));
  const proc = parseShowProc(readFileSync(join(FIXTURES, "show-proc-after-reload.txt"), "utf8"));
  const spec = { ...probeSpec(clusterDefinitionSchema.parse(articlePair)), certificatePaths: [] };
  const real = assembleObservation({ node: "lb-01", at: new Date(), facts, stat, proc }, spec);
  const servers = (real.haproxy?.servers ?? []).map((s) => ({ ...s, status: "UP", checkStatus: "L7OK" }));
  return JSON.stringify({ ...real, ...(real.haproxy ? { haproxy: { ...real.haproxy, servers } } : {}) });
}

/** The real reading for one seeded node, in the state its cluster's seeded health says (as scale-seed.ts's rows). */
function observationFor(
  base: string,
  node: string,
  vip: string,
  health: ClusterHealth,
  first: boolean,
): NodeObservation {
  const real = JSON.parse(base.replaceAll(FIXTURE_VIP, vip)) as NodeObservation;
  const master = { running: true, state: "MASTER" as const, priority: 110, effectivePriority: 110 };
  const backup = { running: true, state: "BACKUP" as const, priority: 100, effectivePriority: 100 };
  const holds = health === "split-brain" || (first && health !== "no-holder");
  const observation: NodeObservation = {
    ...real,
    node,
    vipsHeld: holds ? [vip] : [],
    keepalived: holds ? master : backup,
  };
  if (health === "pending")
    return { ...observation, reachable: false, hostKey: "unknown", error: "host key not accepted yet" };
  if (health === "degraded" && !first && observation.haproxy)
    return { ...observation, haproxy: { ...observation.haproxy, running: false } };
  return observation;
}

/** A busy node's sessions move: a new state, so the sink writes a new row instead of moving the old one's time. */
function withSessions(observation: NodeObservation, tick: number): NodeObservation {
  if (!observation.haproxy) return observation;
  const servers = observation.haproxy.servers.map((s, i) => (i === 0 ? { ...s, sessions: tick % 97 } : s));
  return { ...observation, haproxy: { ...observation.haproxy, servers } };
}

/** The fixture chain on every cluster, as uploaded and checked: both nodes and the VIP serve it. */
async function seedCertificates(db: Database, clusters: { id: string; nodes: { name: string }[] }[]) {
  const certificates = join(import.meta.dirname, "../../lib/certificates/__fixtures__");
  const chainPem = ["leaf.pem", "ca.pem"].map((f) => readFileSync(join(certificates, f), "utf8")).join("");
  const leaf = new X509Certificate(chainPem);
  const seen = { file: { fingerprint: leaf.fingerprint256 } };
  await db.certificate.createMany({
    data: clusters.map((cluster) => ({
      clusterId: cluster.id,
      name: "site",
      path: "/etc/haproxy/certs/site.pem",
      chainPem,
      keySealed: "not used here",
      subject: leaf.subject,
      sans: [],
      issuer: leaf.issuer,
      notBefore: new Date(leaf.validFrom),
      notAfter: new Date(leaf.validTo),
      fingerprint: leaf.fingerprint256,
      served: Object.fromEntries([...cluster.nodes.map((n) => n.name), "vip"].map((w) => [w, seen])),
      createdBy: "bench",
    })),
  });
}

async function freshDatabase(dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (!POSTGRES) return { url: `file:${join(dir, "alert-rounds.db")}`, drop: async () => {} };
  process.env.HAPAIR_TEST_PG_URL = POSTGRES;
  const { createTestDatabase, dropTestDatabase } = await import("@/lib/db/__testing__/postgres-database");
  const url = await createTestDatabase("hapair_alert_rounds");
  return { url, drop: () => dropTestDatabase(url) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "hapair-alert-rounds-"));
  process.env.HAPAIR_SECRET_KEY_FILE = join(dir, "secret.key");
  // The channel's discard-port URL on loopback: no notifier runs here, so nothing is sent to it.
  process.env.HAPAIR_OUTBOUND_ALLOW = "127.0.0.1/32";
  const database = await freshDatabase(dir);
  process.env.DATABASE_URL = database.url;
  const { openMigratedDatabase } = await import("@/lib/db/__testing__/fresh-database");
  const db = await openMigratedDatabase();
  const { saveChannel } = await import("@/lib/store/notification-channels");
  const { ObservationSink } = await import("@/agents/poller/observation-sink");
  const { startAlertEvaluator } = await import("@/agents/alerting/evaluator");
  try {
    const setupStart = Date.now();
    // The seed's keep-alive would move the rows under the sink's feet: the sink polls them from here on.
    (await seedScaleClusters(db, CLUSTERS)).stop();
    const channel = await saveChannel(
      db,
      { kind: "webhook", name: "bench", enabled: true, url: "http://127.0.0.1:9/hook" },
      "bench",
    );
    if (!channel.ok) throw new Error(`channel not saved: ${JSON.stringify(channel)}`);
    const clusters = await db.cluster.findMany({
      include: { nodes: true, revisions: { select: { spec: true } } },
      orderBy: { name: "asc" },
    });
    const base = realObservationText();
    const nodes: { clusterId: string; nodeId: string; observation: NodeObservation }[] = [];
    for (const [index, cluster] of clusters.entries()) {
      if (cluster.name !== scaleName(index)) throw new Error(`unexpected cluster ${cluster.name}`);
      const health = seededHealth(index);
      const spec = clusterDefinitionSchema.parse(cluster.revisions[0]?.spec);
      const vip = spec.vips[0]?.address ?? "";
      const polled = [...cluster.nodes]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((node, i) => ({
          clusterId: cluster.id,
          nodeId: node.id,
          observation: observationFor(base, node.name, vip, health, i === 0),
        }));
      // Stale clusters keep their minute-old seeded rows: nothing polls them.
      if (health !== "unknown") nodes.push(...polled);
      const first = polled[0]?.observation.checksums ?? {};
      await db.rollout.create({
        data: {
          clusterId: cluster.id,
          revision: 1,
          requestedBy: "bench",
          mode: "graceful",
          status: "succeeded",
          finishedAt: new Date(),
          plan: {
            revision: 1,
            noChange: false,
            drift: false,
            nodes: polled.map(({ observation }, i) => ({
              node: observation.node,
              side: i === 0 ? "master" : "backup",
              drift: [],
              files: ["haproxy.cfg", "keepalived.conf"].map((role) => ({
                role,
                path: `/etc/${role}`,
                beforeSha: null,
                afterSha: observation.checksums[role] ?? first[role] ?? "",
                changed: true,
                diff: "",
              })),
            })),
          },
        },
      });
    }
    // Small rows (their state is never read: a newer row is always there), spread over the last hour.
    const historyRows = nodes.flatMap(({ nodeId, observation }) =>
      Array.from({ length: HISTORY }, (_, k) => ({
        nodeId,
        at: new Date(setupStart - 60_000 - Math.round((k * 3_000_000) / HISTORY)),
        reachable: true,
        data: { node: observation.node, reachable: true },
      })),
    );
    for (let from = 0; from < historyRows.length; from += 5_000)
      await db.nodeObservation.createMany({ data: historyRows.slice(from, from + 5_000) });
    if (CERTIFICATES) await seedCertificates(db, clusters);
    // Planner statistics, as autovacuum keeps them on a server that has been running.
    if (POSTGRES) await db.$executeRawUnsafe("ANALYZE");
    console.log(
      `[alert-rounds] ${CLUSTERS} clusters / ${CLUSTERS * 2} nodes (${nodes.length} polled, ${HISTORY} older rows each) in a fresh ${POSTGRES ? "PostgreSQL" : "SQLite"} database, ${ms(Date.now() - setupStart)}`,
    );

    let evaluator: { trigger(): void; stop(): Promise<void> } | undefined;
    const sink = new ObservationSink(db, { onStateChange: () => evaluator?.trigger() });
    let tick = 0;
    let writeErrors = 0;
    const slices = POLL_EVERY_MS / TICK_MS;
    const writer = setInterval(() => {
      const slice = tick % slices;
      const cycle = Math.floor(tick / slices);
      tick += 1;
      for (let i = slice; i < nodes.length; i += slices) {
        const node = nodes[i];
        if (!node) continue;
        // Which nodes change this cycle: a fixed share, a different set each cycle.
        const changed = ((i * 7919 + cycle * 104_729) % 1_000) / 1_000 < CHANGING;
        const observation = changed ? withSessions(node.observation, cycle) : node.observation;
        node.observation = observation;
        sink
          .record(node.clusterId, node.nodeId, { ...observation, at: new Date().toISOString() }, null)
          .catch(() => (writeErrors += 1));
      }
    }, TICK_MS);

    await sleep(POLL_EVERY_MS * 2);
    const baselineCpu = cpuMs();
    await sleep(BASELINE_SECONDS * 1_000);
    const writerCores = (cpuMs() - baselineCpu) / (BASELINE_SECONDS * 1_000);

    let measuring = false;
    const rounds: number[] = [];
    const warmRounds: number[] = [];
    evaluator = startAlertEvaluator(db, { onRound: (t) => (measuring ? rounds : warmRounds).push(t) });
    await sleep(WARM_SECONDS * 1_000);
    const profiler = PROFILE ? await startProfiler() : null;
    measuring = true;
    const cpuStart = cpuMs();
    const started = performance.now();
    await sleep(SECONDS * 1_000);
    const seconds = (performance.now() - started) / 1_000;
    const cores = (cpuMs() - cpuStart) / (seconds * 1_000);
    measuring = false;
    if (profiler) writeFileSync(PROFILE, JSON.stringify(await profiler.stop()));
    clearInterval(writer);
    await evaluator.stop();
    await sleep(500);

    const open = await db.alertIncident.groupBy({
      by: ["state"],
      where: { state: { in: ["pending", "firing"] } },
      _count: true,
    });
    const sorted = [...rounds].sort((a, b) => a - b);
    console.log(
      [
        `\nAlert rounds, ${POSTGRES ? "PostgreSQL" : "SQLite"}, ${CLUSTERS} clusters / ${CLUSTERS * 2} nodes, ${seconds.toFixed(0)} s measured after ${WARM_SECONDS} s warm-up; every node written every 2 s through the sink, ${Math.round(CHANGING * 100)}% of them a new row${CERTIFICATES ? ", a certificate per cluster" : ""}:`,
        `rounds: ${rounds.length} (${warmRounds.length} in the warm-up, the first ${ms(warmRounds[0] ?? NaN)}): p50 ${ms(percentile(sorted, 50))}, p95 ${ms(percentile(sorted, 95))}, max ${ms(sorted.at(-1) ?? NaN)}`,
        `process CPU: ${cores.toFixed(2)} cores with the evaluator, ${writerCores.toFixed(2)} for the writer alone (${BASELINE_SECONDS} s before the evaluator started)`,
        // Round times are wall-clock: on the shared 2-core machine they follow its load.
        `load average at the end: ${loadavg()
          .map((l) => l.toFixed(1))
          .join(", ")}`,
        `open incidents at the end: ${open.map((g) => `${g._count} ${g.state}`).join(", ") || "none"}; write errors: ${writeErrors}`,
        ...(PROFILE ? [`profile of the measured window: ${PROFILE}`] : []),
      ].join("\n"),
    );
  } finally {
    await db.$disconnect();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
