/**
 * Poll cost (issue 5): hapair's CPU time and memory per node-poll over its pooled SSH connections,
 * against gathering the same state by running the OpenSSH client once per poll, in one run on the
 * same lab nodes. The comparison spawns `ssh` on purpose (that is what is being compared); the
 * command line is still built by lib/ssh's quoting. Answers: can one core keep 1,000 nodes fresh every 2 s?
 *
 * Run (as root, lab up with ≥ 10 pairs for 20 nodes): npx tsx scripts/bench/poll-cost.ts [--rounds 10] [--forward]
 * --forward measures hapair reading the HAProxy sockets over stream-local forwarding instead of socat on the node.
 * --replay [--every MS]: see REPLAY below. --full makes every node answer in full, as if something changed on every poll (the default lets an
 * unchanged node answer "@@same"); --hapair-only skips the OpenSSH half; --profile FILE writes a V8 CPU profile of hapair's measured polls.
 * --sink writes every poll through the poller's ObservationSink into a fresh SQLite database, as the agents do;
 * --charts also reads the traffic counters and stores the charts' points (issue 18: compare --sink with --sink --charts).
 * --segment also captures the VRRP adverts on each node's eth0 (issue 21: compare with and without; the advert
 * counters ride on every answer either way).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { POLL_TIMEOUT_MS } from "@/lib/timing";
import { probeSpec } from "@/lib/probes/probe-spec";
import { startLoop } from "@/agents/runtime/loop";
import { requireInventory } from "@/e2e/lab/control";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { netnsEtc } from "@/e2e/lab/state";
import { createNodeProbe, factsScriptArgv, type NodeProbe } from "@/lib/probes/collect";
import { parseShowStat } from "@/lib/probes/parse/haproxy-stat";
import { parseShowProc } from "@/lib/probes/parse/master-proc";
import { parseNodeFacts } from "@/lib/probes/parse/node-facts";
import type { ProbeSpec } from "@/lib/probes/probe-spec";
import type { NodeObservation } from "@/lib/status/observation";
import type { TrafficReading } from "@/lib/traffic/counters";
import { commandLine, createSshPool, type SshTarget } from "@/lib/ssh";
import { errorMessage } from "@/lib/error-message";
import { cpuMs, replayArgv, startProfiler } from "./replay";

const roundsIndex = process.argv.indexOf("--rounds");
const ROUNDS = roundsIndex >= 0 ? Number(process.argv[roundsIndex + 1]) : 10;
const FRESH_EVERY_MS = 2_000;
/**
 * --replay: each node answers with its own real answer, recorded once through the probe script, from a
 * loop of shell builtins, so 20 nodes can be polled 25 times as often: 500 polls/s, the rate of 1,000
 * nodes every 2 s. Only hapair's side is measured, and it differs: V8 optimises code by how often it
 * runs, so at 10 polls/s the poll path stays in its baseline tier. (The real probe forks about 15
 * processes on its node per poll; 20 lab nodes on 2 cores cannot do that 500 times a second.)
 */
const REPLAY = process.argv.includes("--replay");
const everyIndex = process.argv.indexOf("--every");
/** Each node's poll interval: 2 s, or 40 ms when replaying (20 nodes × 25/s = 500 polls/s); --every MS sets it. */
const POLL_EVERY_MS =
  everyIndex >= 0
    ? Number(process.argv[everyIndex + 1])
    : REPLAY
      ? (FRESH_EVERY_MS * 20) / 1_000
      : FRESH_EVERY_MS;
const FORWARD = process.argv.includes("--forward");
const HAPAIR_ONLY = process.argv.includes("--hapair-only");
/** Every answer whole, as when every poll finds something changed (sessions moving under load). */
const FULL = process.argv.includes("--full");
const profileIndex = process.argv.indexOf("--profile");
const PROFILE_FILE = profileIndex >= 0 ? process.argv[profileIndex + 1] : undefined;
const SINK = process.argv.includes("--sink") || process.argv.includes("--charts");
const CHARTS = process.argv.includes("--charts");
const WARM_ROUNDS = 5;
/** Node-polls in flight at once, both ways: CPU per poll is what is compared, not a burst on 2 cores. */
const PARALLEL = 4;

/** Runs work over items with at most `limit` in flight. */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit)
    results.push(...(await Promise.all(items.slice(i, i + limit).map(work))));
  return results;
}
const TARGET_NODES = 1_000;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;
/** What the process holds for its connections: V8 heap plus buffers outside it. RSS also counts freed pages not yet returned, so it can even shrink. */
const heldMb = () => {
  gc();
  const { heapUsed, external } = process.memoryUsage();
  return (heapUsed + external) / 2 ** 20;
};
const inventory = requireInventory();
// HAPAIR_TEST_PAIR=lab-N: only that pair's nodes (the lab is shared; others' pairs are left alone).
const onlyPair = process.env.HAPAIR_TEST_PAIR;
const nodes = inventory.pairs
  .filter((pair) => !onlyPair || pair.name === onlyPair)
  .flatMap((pair) => pair.nodes.map((node) => ({ node, vip: pair.vip })));
const key = readFileSync(inventory.keyPath);
// Lab nodes run the article's pair with hapair's default paths.
const ARTICLE_SPEC = probeSpec(clusterDefinitionSchema.parse(articlePair));
const SEGMENT = process.argv.includes("--segment");
const specFor = (vip: string): ProbeSpec => ({
  ...ARTICLE_SPEC,
  vips: [vip],
  certificatePaths: [],
  ...(SEGMENT ? { vrrpInterface: "eth0" } : {}),
});
const targetOf = (n: (typeof nodes)[number]["node"]): SshTarget => ({
  id: n.name,
  host: n.address,
  port: n.sshPort,
  username: n.sshUser,
  privateKey: key,
  pinnedHostKey: n.hostKeyFingerprint,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The process's own CPU per second with nothing connected (V8 and tsx housekeeping), not a per-node cost. */
async function idleCpuPerSecond(ms: number): Promise<number> {
  const start = cpuMs();
  await sleep(ms);
  return ((cpuMs() - start) / ms) * 1_000;
}

/**
 * Polls every node every FRESH_EVERY_MS for `ms` through the poller's own loop (agents/runtime/loop.ts:
 * jitter at start, a deadline per run, self-rescheduling), so the figure includes what the loop and a
 * kept connection cost between polls (keepalives).
 */
type Record_ = (i: number, observation: NodeObservation, traffic: TrafficReading | null) => Promise<void>;

/** --sink: the poller's ObservationSink on a fresh database in a temporary folder (removed at the end). */
async function benchSink(): Promise<{ record: Record_; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "hapair-poll-sink-"));
  process.env.DATABASE_URL = `file:${join(dir, "sink.db")}`;
  const { db } = await import("@/lib/db/client");
  await (await import("@/lib/db/migrate")).migrateDatabase();
  const { ObservationSink } = await import("@/agents/poller/observation-sink");
  const cluster = await db.cluster.create({ data: { name: "poll-cost" } });
  const ids = await Promise.all(
    nodes.map(({ node }) => db.node.create({ data: { clusterId: cluster.id, name: node.name } })),
  );
  const sink = new ObservationSink(db);
  return {
    record: (i, observation, traffic) =>
      sink.record(cluster.id, ids[i]?.id ?? "", observation, null, Date.now(), traffic),
    async close() {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pollOnSchedule(
  probes: NodeProbe[],
  ms: number,
  record?: Record_,
): Promise<{ polls: number; failed: number; changed: number }> {
  let polls = 0;
  let failed = 0;
  // Polls whose state differs from the node's previous one (the sink writes a new row for those, not just a time).
  let changed = 0;
  const lastState: (string | undefined)[] = [];
  const loops = probes.map((probe, i) =>
    startLoop({
      name: `bench poll ${i}`,
      intervalMs: POLL_EVERY_MS,
      timeoutMs: Math.min(POLL_TIMEOUT_MS, POLL_EVERY_MS * 0.75),
      run: async (signal) => {
        const observation = await probe
          .collect(signal)
          .catch((error: unknown) => (console.warn(`poll ${i}: ${errorMessage(error)}`), null));
        if (!observation?.haproxy?.running) failed += 1;
        if (observation) {
          const state = JSON.stringify({ ...observation, at: null, adverts: null, keepalived: null });
          if (lastState[i] !== undefined && lastState[i] !== state) changed += 1;
          lastState[i] = state;
        }
        if (observation && record)
          await record(i, observation, CHARTS ? (probes[i]?.traffic() ?? null) : null);
        polls += 1;
      },
    }),
  );
  await sleep(ms);
  await Promise.all(loops.map((loop) => loop.stop()));
  return { polls, failed, changed };
}

/** Each node's whole answer to one poll, through the real probe script. */
async function recordAnswers(pool: ReturnType<typeof createSshPool>): Promise<string[]> {
  return inBatches(nodes, PARALLEL, async ({ node, vip }) => {
    const conversation = await pool.converse(targetOf(node), {
      argv: factsScriptArgv(specFor(vip), "loop", { socketsOnNode: true, changesOnly: false }),
    });
    const ask = () => conversation.ask("\n", (answer) => answer.endsWith("@@end\n"), { timeoutMs: 10_000 });
    try {
      // With --segment the first answer's capture has only just started: the second one carries adverts.
      if (SEGMENT) await ask().then(() => sleep(FRESH_EVERY_MS));
      return await ask();
    } finally {
      conversation.close();
    }
  });
}

async function hapairWay(): Promise<{
  cpuPerPoll: number;
  netCpuPerPoll: number;
  idlePerSecond: number;
  memPerNode: number;
  polls: number;
  failed: number;
}> {
  const measureMs = ROUNDS * FRESH_EVERY_MS;
  const idlePerSecond = await idleCpuPerSecond(measureMs);
  const heldBefore = heldMb();
  const pool = createSshPool();
  const watch = new AbortController();
  // As in the poller: each node also keeps its ip-monitor channel open.
  const watches = nodes.map(({ node }) =>
    pool
      .follow(targetOf(node), ["ip", "-o", "monitor", "address"], { signal: watch.signal, onLine: () => {} })
      .catch(() => {}),
  );
  // As in the poller: one probe per node, its conversations kept open between polls.
  const options = { socketsOnNode: !FORWARD, changesOnly: !FULL, traffic: CHARTS };
  const sink = SINK ? await benchSink() : null;
  const recorded = REPLAY ? await recordAnswers(pool) : [];
  const probes = nodes.map(({ node, vip }, i) =>
    createNodeProbe(pool.shell(targetOf(node), node.name), specFor(vip), {
      ...options,
      factsArgv: REPLAY ? replayArgv(recorded[i] ?? "", FULL ? "always" : "changes") : undefined,
    }),
  );
  const first = await inBatches(probes, PARALLEL, (probe) => probe.collect(AbortSignal.timeout(20_000))); // connects
  const unreadable = first.filter((o) => !o.reachable || !o.haproxy?.running);
  if (unreadable.length > 0)
    console.warn(`warning: ${unreadable.map((o) => o.node).join(", ")} not fully readable`);
  // The poller runs for days: measure warm code, as it runs then, not V8's first optimisations.
  await pollOnSchedule(probes, WARM_ROUNDS * FRESH_EVERY_MS, sink?.record);
  const heldAfter = heldMb();
  const profiler = PROFILE_FILE ? await startProfiler() : null;
  const cpuStart = cpuMs();
  const usageStart = process.cpuUsage();
  const { polls, failed, changed } = await pollOnSchedule(probes, measureMs, sink?.record);
  const cpu = cpuMs() - cpuStart;
  const usage = process.cpuUsage(usageStart);
  if (profiler && PROFILE_FILE) writeFileSync(PROFILE_FILE, JSON.stringify(await profiler.stop()));
  console.log(
    `hapair while measuring: user ${(usage.user / 1_000 / polls).toFixed(2)} ms, system ${(usage.system / 1_000 / polls).toFixed(2)} ms per node-poll (gross); ${changed} of ${polls} polls changed the node's state`,
  );
  watch.abort();
  await Promise.all(watches);
  for (const probe of probes) probe.close();
  pool.closeAll();
  await sink?.close();
  const netCpu = cpu - (idlePerSecond * measureMs) / 1_000;
  return {
    cpuPerPoll: cpu / polls,
    netCpuPerPoll: netCpu / polls,
    idlePerSecond,
    memPerNode: (heldAfter - heldBefore) / nodes.length,
    polls,
    failed,
  };
}

// The same probe script, run once per poll by the OpenSSH client, reading the sockets with socat.
const FACTS = readFileSync(new URL("../../lib/probes/node-facts.sh", import.meta.url), "utf8");

function sshOnce(
  n: (typeof nodes)[number]["node"],
  knownHosts: string,
): Promise<{ userSys: number; maxRssKb: number; stdout: string }> {
  const remote = commandLine([
    "sh",
    "-c",
    FACTS,
    "hapair-probe",
    "once",
    ARTICLE_SPEC.haproxyConfigPath,
    ARTICLE_SPEC.keepalivedConfigPath,
    ARTICLE_SPEC.haproxyPidFile,
    ARTICLE_SPEC.keepalivedStateFile,
    ARTICLE_SPEC.adminSocket,
    ARTICLE_SPEC.masterSocket,
    "socat",
    "always",
  ]);
  const args = [
    "-f",
    "%U %S %M",
    "ssh",
    "-i",
    inventory.keyPath,
    "-p",
    String(n.sshPort),
    "-o",
    "BatchMode=yes",
    "-o",
    "StrictHostKeyChecking=yes",
    "-o",
    `UserKnownHostsFile=${knownHosts}`,
    "-o",
    "ControlMaster=no",
    "-o",
    "ConnectTimeout=5",
    `${n.sshUser}@${n.address}`,
    remote,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("close", (code) => {
      const last = stderr.trim().split("\n").at(-1) ?? "";
      const [user, sys, rss] = last.split(" ").map(Number);
      if (code !== 0 || user === undefined || sys === undefined || rss === undefined)
        reject(new Error(`ssh to ${n.name} failed (${code}): ${stderr.trim()}`));
      else resolve({ userSys: (user + sys) * 1_000, maxRssKb: rss, stdout });
    });
  });
}

async function opensshWay(): Promise<{
  cpuPerPoll: number;
  parentCpuPerPoll: number;
  sshCpuPerPoll: number;
  maxRssMb: number;
  wallPerRound: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), "hapair-bench-"));
  const knownHosts = join(dir, "known_hosts");
  writeFileSync(
    knownHosts,
    nodes
      .map(
        ({ node }) =>
          `${node.address} ${readFileSync(join(netnsEtc(node.namespace), "ssh", "ssh_host_ed25519_key.pub"), "utf8").trim()}`,
      )
      .join("\n") + "\n",
  );
  try {
    const round = () =>
      inBatches(nodes, PARALLEL, async ({ node }) => {
        const result = await sshOnce(node, knownHosts);
        // Same parsing as hapair, so only the transport differs.
        const sockets = parseNodeFacts(result.stdout).socketsOnNode;
        if (!sockets || !("text" in sockets.stat) || !("text" in sockets.proc))
          throw new Error(`${node.name}: the probe did not read the sockets`);
        parseShowStat(sockets.stat.text);
        parseShowProc(sockets.proc.text);
        return result;
      });
    await round(); // warm caches the same way
    const cpuStart = cpuMs();
    const wallStart = performance.now();
    const results = [];
    for (let r = 0; r < ROUNDS; r++) results.push(...(await round()));
    const wall = performance.now() - wallStart;
    const parentCpu = cpuMs() - cpuStart;
    const sshCpu = results.reduce((sum, r) => sum + r.userSys, 0);
    const polls = results.length;
    return {
      cpuPerPoll: (parentCpu + sshCpu) / polls,
      parentCpuPerPoll: parentCpu / polls,
      sshCpuPerPoll: sshCpu / polls,
      maxRssMb: Math.max(...results.map((r) => r.maxRssKb)) / 1024,
      wallPerRound: wall / ROUNDS,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (nodes.length < 20)
    console.warn(
      `warning: only ${nodes.length} lab nodes; run \`npm run lab -- up --pairs 10 --leave-running\` for 20`,
    );
  const hapair = await hapairWay();
  const f = (x: number) => x.toFixed(2);
  if (HAPAIR_ONLY) {
    const seconds = (ROUNDS * FRESH_EVERY_MS) / 1_000;
    console.log(
      `hapair${REPLAY ? " (replayed answers)" : ""}${SINK ? `, written through the sink${CHARTS ? " with the traffic charts" : " without charts"}` : ""}, each of ${nodes.length} nodes every ${POLL_EVERY_MS} ms: ${f(hapair.netCpuPerPoll)} ms CPU per node-poll ` +
        `(${f(hapair.cpuPerPoll)} gross), ${hapair.polls} node-polls in ${seconds} s (${(hapair.polls / seconds).toFixed(0)}/s), ${hapair.failed} incomplete; ` +
        `the process used ${((hapair.cpuPerPoll * hapair.polls) / (seconds * 10)).toFixed(0)}% of one core`,
    );
    return;
  }
  const openssh = await opensshWay();
  console.log(
    `\nPoll cost on ${nodes.length} lab nodes: hapair polls each node every ${POLL_EVERY_MS / 1000} s (${((nodes.length * 1_000) / POLL_EVERY_MS).toFixed(0)} polls/s) for ${ROUNDS} intervals (${hapair.polls} node-polls, ${hapair.failed} incomplete); OpenSSH ${ROUNDS} rounds, ${PARALLEL} in flight`,
  );
  console.log(
    `hapair (pooled ssh2, sockets ${FORWARD ? "over stream-local forwarding" : "read by socat on the node"}, ${FULL ? "every answer whole" : "unchanged nodes answer @@same"}): ${f(hapair.netCpuPerPoll)} ms CPU per node-poll ` +
      `(${f(hapair.cpuPerPoll)} before taking off the process's idle ${f(hapair.idlePerSecond)} ms/s); ${f(hapair.memPerNode)} MB heap + buffers per polled node (connection, probe, watch)`,
  );
  console.log(
    `OpenSSH client per poll: ${f(openssh.cpuPerPoll)} ms CPU per node-poll (ssh ${f(openssh.sshCpuPerPoll)} + spawning/parsing ${f(openssh.parentCpuPerPoll)}); ${f(openssh.maxRssMb)} MB max RSS per ssh process`,
  );
  console.log(
    `ratio: the OpenSSH client costs ${(openssh.cpuPerPoll / hapair.netCpuPerPoll).toFixed(1)}× hapair's CPU per node-poll`,
  );
  const perCorePollsPerSecond = 1_000 / hapair.netCpuPerPoll;
  const nodesFresh = (perCorePollsPerSecond * FRESH_EVERY_MS) / 1_000;
  console.log(
    `one core: ${perCorePollsPerSecond.toFixed(0)} node-polls/s → ${nodesFresh.toFixed(0)} nodes fresh every ${FRESH_EVERY_MS / 1000} s (target ${TARGET_NODES}); ` +
      `memory for ${TARGET_NODES} nodes ≈ ${((hapair.memPerNode * TARGET_NODES) / 1024).toFixed(2)} GB`,
  );
  const opensshNodes = ((1_000 / openssh.cpuPerPoll) * FRESH_EVERY_MS) / 1_000;
  console.log(
    `OpenSSH client per poll: ${opensshNodes.toFixed(0)} nodes fresh every ${FRESH_EVERY_MS / 1000} s per core`,
  );
  process.exitCode = nodesFresh >= TARGET_NODES ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`[poll-cost] ${errorMessage(error)}`);
  process.exitCode = 1;
});
