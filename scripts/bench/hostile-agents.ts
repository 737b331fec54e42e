/**
 * Issue 22 items 1-2, measured on the real agents process (agents/main.ts): a database with the lab
 * pair under test, a cluster whose key is encrypted and whose nodes are unreachable, and a cluster on
 * a hostile loopback node serving endless files, with a rollout plan asked of it. For DURATION s it
 * samples the agents' RSS, and reports: still alive, peak RSS, heartbeats, the lab pair's newest
 * readings moving, the plan's end.
 *
 * With `--web PORT` (needs `npx next build`) it runs the whole of hapair instead (scripts/start.ts: the
 * supervised web server and agents), asks `GET /api/health` every second (how many answers were not
 * ok), then kills the agents by PID and reports how long the web server answered "agents down" and
 * whether the agents came back.
 *
 * Run (lab up): HAPAIR_TEST_PAIR=lab-3 HAPAIR_KEY_DIR=/run/hapair-lab npx tsx scripts/bench/hostile-agents.ts [DURATION_S=60] [--web PORT]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireInventory, testPair } from "@/e2e/lab/control";
import { labPairDefinition } from "@/e2e/lab/register";
import { articlePair, FIXTURE_KEY_DIR } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { clientKey, startHostileNode } from "@/lib/ssh/__testing__/hostile-node";
import { AGENTS_HEARTBEAT_NAME } from "@/lib/health/liveness";

const webFlag = process.argv.indexOf("--web");
const webPort = webFlag > 0 ? Number(process.argv[webFlag + 1]) : null;
const durationS = Number(
  process.argv.slice(2).find((arg, i, all) => /^\d+$/.test(arg) && all[i - 1] !== "--web") ?? 60,
);
const dir = mkdtempSync(join(tmpdir(), "hapair-hostile-agents-"));
process.env.DATABASE_URL = `file:${join(dir, "agents.db")}`;
process.env.HAPAIR_SECRET_KEY_FILE = join(dir, "secret.key");

const { db } = await import("@/lib/db/client");
const { migrateDatabase } = await import("@/lib/db/migrate");
const { saveClusterRevision } = await import("@/lib/store/revisions");
const { requestRolloutPlan, getRollout } = await import("@/lib/store/rollouts");

const rssOf = (pid: number) => {
  try {
    const line = readFileSync(`/proc/${pid}/status`, "utf8")
      .split("\n")
      .find((l) => l.startsWith("VmRSS:"));
    return Number(line?.replace(/\D/g, "") ?? 0) * 1024;
  } catch {
    return 0;
  }
};
/** The tsx launcher's node child is the agents process: the largest RSS among the process tree. */
const treeRss = (pid: number): number => {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {}
  return Math.max(rssOf(pid), ...children.map(treeRss));
};

const node = await startHostileNode({ exec: () => "run", file: () => ({ kind: "endless" }) });
await migrateDatabase();
const save = async (definition: unknown) => {
  const saved = await saveClusterRevision(db, clusterDefinitionSchema.parse(definition), "bench");
  if (!saved.ok) throw new Error(JSON.stringify(saved.issues));
  return saved.clusterId;
};
const pair = testPair();
const labId = await save(labPairDefinition(requireInventory(), pair));
const encrypted = readFileSync(join(FIXTURE_KEY_DIR, "encrypted"), "utf8");
await save({
  ...articlePair,
  name: "encrypted",
  vrrp: { ...articlePair.vrrp, virtualRouterId: 71 },
  nodes: articlePair.nodes.map((n) => ({ ...n, ssh: { host: "127.0.0.1", port: 1, privateKey: encrypted } })),
});
const key = clientKey();
const hostileId = await save({
  ...articlePair,
  name: "hostile",
  vrrp: { ...articlePair.vrrp, virtualRouterId: 72 },
  nodes: articlePair.nodes.map((n) => ({
    ...n,
    ssh: { host: "127.0.0.1", port: node.port, privateKey: key },
    hostKeyFingerprint: node.hostKey,
  })),
});
const plan = await requestRolloutPlan(db, hostileId, { revision: 1 }, "bench");
if (!plan.ok) throw new Error(JSON.stringify(plan));

const agents =
  webPort === null
    ? spawn("npx", ["tsx", "agents/main.ts"], { env: process.env, stdio: ["ignore", "inherit", "inherit"] })
    : spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
        env: { ...process.env, HOST: "127.0.0.1", PORT: String(webPort) },
        stdio: ["ignore", "inherit", "inherit"],
      });
interface Health {
  status: string;
  agents: { supervised?: { restarts?: number } | null };
}
const health = async (): Promise<Health | null> => {
  try {
    return (await (
      await fetch(`http://127.0.0.1:${webPort}/api/health`, { signal: AbortSignal.timeout(2_000) })
    ).json()) as Health;
  } catch {
    return null;
  }
};
const healthCounts = { ok: 0, notOk: 0, noAnswer: 0 };
const { readSupervisorRow } = await import("@/lib/store/supervisor");
const agentsPid = async (): Promise<number> =>
  webPort === null ? (agents.pid ?? 0) : ((await readSupervisorRow(db))?.record.agents.pid ?? 0);
let exited: number | null = null;
agents.on("exit", (code) => (exited = code ?? -1));
let peak = 0;
/** The older of the lab nodes' newest readings (0 while one has none), and whether both are reachable. */
const labAt = async () => {
  const nodes = await db.node.findMany({
    where: { clusterId: labId },
    include: { observations: { orderBy: { at: "desc" }, take: 1 } },
  });
  const newest = nodes.map((n) => n.observations[0]);
  return {
    at: Math.min(...newest.map((o) => o?.at.getTime() ?? 0)),
    reachable: newest.every((o) => o?.reachable === true),
    error: newest.map((o) => (o?.data as { error?: string } | undefined)?.error ?? null),
  };
};
await new Promise((resolve) => setTimeout(resolve, 10_000));
const labBefore = await labAt();
const beatBefore =
  (await db.agentHeartbeat.findUnique({ where: { name: AGENTS_HEARTBEAT_NAME } }))?.beatAt.getTime() ?? 0;
for (let s = 10; s < durationS && exited === null; s++) {
  peak = Math.max(peak, treeRss(await agentsPid()));
  if (webPort !== null) {
    const answer = await health();
    healthCounts[answer === null ? "noAnswer" : answer.status === "ok" ? "ok" : "notOk"] += 1;
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
/** Kills the supervised agents by PID: the web server must answer "agents down" until they are back. */
const killAgents = async () => {
  const pid = await agentsPid();
  if (!pid) return { killed: false };
  process.kill(pid, "SIGKILL");
  const killedAt = Date.now();
  let downSeen = 0;
  let webAnsweredThroughout = true;
  let backAfterMs: number | null = null;
  while (Date.now() - killedAt < 60_000) {
    const answer = await health();
    if (answer === null) webAnsweredThroughout = false;
    else if (answer.status === "agents down") downSeen += 1;
    else if (answer.status === "ok" && downSeen > 0) {
      backAfterMs = Date.now() - killedAt;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    killed: true,
    agentsDownAnswers: downSeen,
    webAnsweredThroughout,
    backAfterMs,
    restarts: (await health())?.agents.supervised?.restarts ?? null,
  };
};
const afterKill = webPort === null ? null : await killAgents();
const labAfter = await labAt();
const beatAfter =
  (await db.agentHeartbeat.findUnique({ where: { name: AGENTS_HEARTBEAT_NAME } }))?.beatAt.getTime() ?? 0;
const rollout = await getRollout(db, plan.rollout.id);
const alive = exited === null;
agents.kill("SIGTERM");
console.log(
  JSON.stringify(
    {
      durationS,
      alive,
      exitCode: exited,
      peakRssMiB: Math.round(peak / 1024 ** 2),
      heartbeatMoved: beatAfter > beatBefore,
      labReadingsMoved: labAfter.at > labBefore.at,
      labReachable: labAfter.reachable,
      labErrors: labAfter.error,
      plan: { status: rollout?.status, error: rollout?.error?.slice(0, 160) },
      hostileBytesServedMiB: Math.round(node.stats.bytesServed / 1024 ** 2),
      ...(webPort === null ? {} : { health: healthCounts, afterKill }),
    },
    null,
    2,
  ),
);
await new Promise((resolve) => setTimeout(resolve, 3_000));
await db.$disconnect();
await node.close().catch(() => {});
rmSync(dir, { recursive: true, force: true });
process.exit(alive ? 0 : 1);
