/**
 * Shared by the drill lab tests: a database of the test file's own with the test pair registered, the
 * poller, the alert evaluator and the drill worker in this process, and checks that the pair is back
 * as the lab made it (VIP on the MASTER alone, HAProxy on both, no drill rule or timer left).
 */
import { afterAll, beforeAll } from "vitest";
import { labExec, testPair, vipHolders, waitFor } from "@/e2e/lab/control";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { openMigratedDatabase } from "@/lib/db/__testing__/fresh-database";
import { drillRequestSchema, type DrillView } from "@/lib/drill/types";
import { pairDefinition, useDatabase } from "./rollout-support";

export { useDatabase };

/** `agentsElsewhere`: an agents process of the test's runs the poller and alerting (and drills); none here. */
export interface DrillLabOptions {
  change?: (d: ClusterDefinition) => ClusterDefinition;
  agentsElsewhere?: boolean;
}

export async function setupDrills(options: DrillLabOptions = {}) {
  const db = await openMigratedDatabase();
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  const definition = (options.change ?? ((d) => d))(pairDefinition());
  const saved = await saveClusterRevision(db, definition, "lab");
  if (!saved.ok) throw new Error(saved.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
  const { createSshPool } = await import("@/lib/ssh");
  const pool = createSshPool({ backoff: { baseMs: 200, maxMs: 2_000 } });
  const { startAlerting } = await import("@/agents/alerting/service");
  const { startPollerService } = await import("@/agents/poller/poller-service");
  const loops = options.agentsElsewhere
    ? []
    : (() => {
        const { evaluator, notifier } = startAlerting(db);
        const poller = startPollerService(db, pool, { onStateChange: () => evaluator.trigger() });
        return [poller, evaluator, notifier];
      })();
  const { drillWorker } = await import("@/agents/drills/service");
  const stopping = new AbortController();
  const worker = drillWorker(db, pool, stopping.signal);
  const store = await import("@/lib/store/drills");
  const clusterId = saved.clusterId;
  const { getClusterLive } = await import("@/lib/store/cluster-live");
  const healthy = () =>
    waitForLive(async () => {
      const live = await getClusterLive(db, clusterId);
      return (
        live?.status.health === "healthy" &&
        live.nodes.every(
          (n) => n.observation?.reachable === true && (n.observation.haproxy?.servers.length ?? 0) > 0,
        )
      );
    });
  if (!options.agentsElsewhere) await healthy();

  /** Requests a drill once the pre-checks pass (the poller may not yet have seen the pair settle after the previous test). */
  const request = async (body: Record<string, unknown>) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const requested = await store.requestDrill(
        db,
        clusterId,
        drillRequestSchema.parse(body),
        "test-operator",
      );
      if (
        requested.ok ||
        !["conflict", "forbidden-by-state"].includes(requested.code) ||
        Date.now() > deadline
      )
        return requested;
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  /** Requests a drill and runs it with this process's worker; the finished drill. */
  const drill = async (body: Record<string, unknown>): Promise<DrillView> => {
    const requested = await request(body);
    if (!requested.ok) throw new Error(requested.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    await worker.pass();
    await worker.idle();
    const done = await store.getDrill(db, requested.drill.id);
    if (!done) throw new Error("the drill is gone");
    return done;
  };

  /** Saves a new revision: the first one (the pair's definition with `options.change`), changed. */
  const saveRevision = async (change: (d: ClusterDefinition) => ClusterDefinition): Promise<void> => {
    const result = await saveClusterRevision(db, change(definition), "test-operator");
    if (!result.ok) throw new Error(result.issues.map((i) => i.message).join("; "));
  };

  const close = async () => {
    stopping.abort();
    await worker.idle();
    for (const loop of loops) await loop.stop();
    pool.closeAll();
    await db.$disconnect();
  };
  return {
    db,
    pool,
    clusterId,
    store,
    worker,
    drill,
    request,
    saveRevision,
    close,
    waitHealthy: () =>
      waitForLive(async () => (await getClusterLive(db, clusterId))?.status.health === "healthy"),
    /** Every node read, with its HAProxy servers, and the pair healthy. */
    waitObserved: healthy,
  };
}

export type DrillLab = Awaited<ReturnType<typeof setupDrills>>;

/**
 * A drill lab test's set-up and tear-down: its own database (`file` and the pair's name), the drill
 * environment; at the end it is closed and the pair checked back as the lab made it. The environment, once set up.
 */
export function useDrillLab(file: string, options: DrillLabOptions = {}): () => DrillLab {
  useDatabase(`${file}-${testPair().name}`);
  let lab: DrillLab | undefined;
  beforeAll(async () => {
    lab = await setupDrills(options);
  });
  afterAll(async () => {
    await lab?.close();
    await expectPairBack().catch(() => undefined);
  });
  return () => {
    if (!lab) throw new Error("the drill lab is not set up");
    return lab;
  };
}

/**
 * `hapair drill <pair> ...args --wait --json --timeout <timeoutS>` with the lab's drill worker running
 * beside the CLI, as it would in the agents process: the exit code, the parsed JSON report and the output.
 */
export async function drillCli(
  lab: DrillLab,
  args: string[],
  timeoutS: number,
): Promise<{ code: number; report: Record<string, unknown>; out: string; err: string }> {
  const { main } = await import("@/lib/cli/main");
  let out = "";
  let err = "";
  const io = {
    stdout: (t: string) => void (out += t),
    stderr: (t: string) => void (err += t),
    readFile: () => "",
  };
  let running = true;
  const agents = (async () => {
    while (running) {
      await lab.worker.pass();
      await new Promise((r) => setTimeout(r, 300));
    }
    await lab.worker.idle();
  })();
  await lab.waitObserved();
  const code = await main(
    ["drill", testPair().name, ...args, "--wait", "--json", "--timeout", String(timeoutS)],
    io,
  );
  running = false;
  await agents;
  console.log(out, err);
  return { code, report: JSON.parse(out) as Record<string, unknown>, out, err };
}

/**
 * The definition claims chk_haproxy notices in 1 s. Run with `slowerHaproxyCheck`: at the nodes'
 * own interval 2 × fall 2 the real failover (5.6–7.6 s) can come in under the claim's bound plus its
 * tolerance (5.6 s), so a drill meant to fail could pass.
 */
export function claimsFasterFailover(d: ClusterDefinition): ClusterDefinition {
  return {
    ...d,
    vrrp: {
      ...d.vrrp,
      trackScripts: d.vrrp.trackScripts.map((t) =>
        t.name === "chk_haproxy" ? { ...t, interval: 1, fall: 1 } : t,
      ),
    },
  };
}

/**
 * The holder's chk_haproxy at fall 4 (it runs fall 2) for the length of `during`: its real failover
 * becomes 9.6–11.6 s, well past a claimed 1 s check's bound. A keepalived reload keeps its VRRP state.
 */
export async function slowerHaproxyCheck<T>(during: () => Promise<T>): Promise<T> {
  const [holder] = testPair().nodes;
  const edit = (from: string, to: string) => {
    const script = `/vrrp_script chk_haproxy/,/}/ s/^\\( *fall \\)${from}$/\\1${to}/`;
    const sed = labExec(holder?.name ?? "", ["sed", "-i", script, "/etc/keepalived/keepalived.conf"]);
    if (sed.code !== 0) throw new Error(`editing chk_haproxy's fall: ${sed.stderr}`);
    const reload = labExec(holder?.name ?? "", ["/usr/local/sbin/systemctl", "reload", "keepalived"]);
    if (reload.code !== 0) throw new Error(`reloading keepalived: ${reload.stderr}`);
  };
  edit("2", "4");
  try {
    return await during();
  } finally {
    edit("4", "2");
  }
}

async function waitForLive(ok: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error("the pair is not observed healthy within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The pair as the lab made it: the VIP on the MASTER alone, HAProxy running on both, no drill rule or timer. */
export async function expectPairBack(): Promise<void> {
  const [master] = testPair().nodes;
  await waitFor(
    `the VIP on ${master?.name} alone`,
    () => {
      const holders = vipHolders(testPair());
      return holders.length === 1 && holders[0] === master?.name;
    },
    30_000,
  );
  for (const node of testPair().nodes) {
    const running = labExec(node.name, ["/usr/local/sbin/systemctl", "is-active", "haproxy"]);
    if (running.code !== 0) throw new Error(`${node.name}: HAProxy is not running`);
    const rules = labExec(node.name, ["iptables", "-S"]).stdout;
    if (rules.includes("hapair-drill")) throw new Error(`${node.name}: a drill rule is left: ${rules}`);
    const timers = labExec(node.name, ["sh", "-c", "ls /run | grep hapair-drill || true"]).stdout.trim();
    if (timers) throw new Error(`${node.name}: drill timer files left: ${timers}`);
  }
}

export function describeDrill(d: DrillView): string {
  return [
    `drill #${d.id} ${d.mode} ${d.status}${d.error ? `: ${d.error}` : ""}`,
    ...d.steps.map(
      (s) => `  ${s.kind}${s.node ? ` ${s.node}` : ""} ${s.status} ${s.log.map((l) => l.line).join(" / ")}`,
    ),
    ...d.timeline.map((e) => `  ${e.at} ${e.event} ${e.node ?? ""} ${e.detail}`),
    `  report: ${JSON.stringify(d.report)}`,
  ].join("\n");
}
