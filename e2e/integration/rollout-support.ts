/**
 * Shared by the rollout lab tests: a database of the test file's own with the test pair registered,
 * the poller (the start gate reads live state) and the rollout worker running in this process, the
 * pair's original files saved first and written back at the end (the lab is shared), and helpers to
 * save a changed revision and roll it out.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll } from "vitest";
import { labExec, requireInventory, testPair, until, vipHolders, waitFor } from "@/e2e/lab/control";
import { labPairDefinition } from "@/e2e/lab/register";
import { netnsEtc } from "@/e2e/lab/state";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { freshDatabaseFile, openMigratedDatabase } from "@/lib/db/__testing__/fresh-database";
import { rolloutStartRequestSchema, type RolloutMode, type RolloutView } from "@/lib/rollout/types";

export function useDatabase(name: string): void {
  freshDatabaseFile(resolve("data", `test-rollout-${name}.db`));
}

/** The pair's files as the lab made them, read from the host side of each node's /etc. */
export interface SavedPair {
  files: { path: string; text: string | null }[];
}

const MANAGED = ["haproxy/haproxy.cfg", "keepalived/keepalived.conf", "keepalived/hapair-notify.sh"];

export function saveOriginalFiles(): SavedPair {
  return {
    files: testPair().nodes.flatMap((node) =>
      MANAGED.map((file) => {
        const path = join(netnsEtc(node.namespace), file);
        return { path, text: existsSync(path) ? readFileSync(path, "utf8") : null };
      }),
    ),
  };
}

/** Writes the saved files back, removes hapair's backups and candidates, reloads both daemons, waits for the VIP on the MASTER. */
export async function restoreOriginalFiles(saved: SavedPair): Promise<void> {
  for (const { path, text } of saved.files) {
    if (text === null) rmSync(path, { force: true });
    else writeFileSync(path, text);
  }
  for (const node of testPair().nodes) {
    for (const dir of ["haproxy", "keepalived"]) {
      const folder = join(netnsEtc(node.namespace), dir);
      for (const entry of readdirSync(folder))
        if (/\.hapair-/.test(entry)) rmSync(join(folder, entry), { force: true });
    }
  }
  // Backup first. keepalived is restarted, not reloaded: going back by SIGHUP from hapair's config
  // (reload_check_config, the notify hook) to the lab's original one stopped its VRRP process here.
  // The server-state file goes too: HAProxy would take addresses and ports from it over the config.
  for (const node of [...testPair().nodes].reverse()) {
    labExec(node.name, ["rm", "-f", "/var/lib/haproxy/server-state"]);
    labExec(node.name, ["/usr/local/sbin/systemctl", "reload", "haproxy"]);
    labExec(node.name, ["/usr/local/sbin/systemctl", "restart", "keepalived"]);
  }
  const [master] = testPair().nodes;
  await waitFor(
    `the VIP back on ${master?.name} alone`,
    () => {
      const holders = vipHolders(testPair());
      return holders.length === 1 && holders[0] === master?.name;
    },
    30_000,
  );
}

/** The file as the node itself holds it (read inside the node). */
export function nodeFile(node: string, path: string): string {
  return labExec(node, ["cat", path]).stdout;
}

export function pairDefinition(): ClusterDefinition {
  return labPairDefinition(requireInventory(), testPair());
}

/** `workerPool`: the SSH pool the rollout worker uses, made from the real one. */
export interface RolloutLabOptions {
  workerPool?: (pool: import("@/lib/ssh").SshPool) => import("@/lib/ssh").SshPool;
  agentsElsewhere?: boolean;
}

/** The test's database with the pair registered; the poller and the rollout worker run in this process unless `agentsElsewhere`. */
export async function setup(options: RolloutLabOptions = {}) {
  const db = await openMigratedDatabase();
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  // The definition imported from the pair's original files: later revisions derive from it.
  const base = pairDefinition();
  const saved = await saveClusterRevision(db, base, "lab");
  if (!saved.ok) throw new Error(saved.issues.map((i) => i.message).join("; "));
  const { createSshPool } = await import("@/lib/ssh");
  const pool = createSshPool({ backoff: { baseMs: 200, maxMs: 2_000 } });
  const { startPollerService } = await import("@/agents/poller/poller-service");
  const poller = options.agentsElsewhere ? null : startPollerService(db, pool);
  const store = await import("@/lib/store/rollouts");
  const { rolloutWorker } = await import("@/agents/rollouts/service");
  const stopping = new AbortController();
  const worker = rolloutWorker(db, options.workerPool ? options.workerPool(pool) : pool, stopping.signal);
  const clusterId = saved.clusterId;
  if (options.agentsElsewhere) stopping.abort();
  // Live state first: the start gate reads it.
  const { getClusterLive } = await import("@/lib/store/cluster-live");
  // Every node read, not just a status: a pair whose backup has no observation yet counts as degraded,
  // and the gate then refuses the first rollout (seen right after `lab up`, while sshd was starting).
  const gateView = async () => {
    const live = await getClusterLive(db, clusterId);
    const settled =
      live &&
      ["healthy", "degraded"].includes(live.status.health) &&
      live.nodes.every((n) => n.observation?.reachable === true);
    return { settled: Boolean(settled), health: live?.status.health ?? "no live view" };
  };
  /** Waits until the gate's view is settled; false after `timeoutMs`. */
  const gateSettled = async (timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await gateView()).settled) {
      if (Date.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 200));
    }
    return true;
  };
  if (!options.agentsElsewhere && !(await gateSettled(60_000)))
    throw new Error(`both nodes of the pair are not observed after 60 s: ${(await gateView()).health}`);

  const saveRevision = async (
    change: (d: ClusterDefinition) => ClusterDefinition,
    message: string,
  ): Promise<number> => {
    const result = await saveClusterRevision(db, change(base), "test-operator", message);
    if (!result.ok) throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
    return result.number;
  };

  /** Plans, starts and runs a rollout with this process's worker; the outcome. */
  const rollOut = async (
    revision: number,
    mode: RolloutMode,
    options: {
      confirmDrift?: boolean;
      force?: boolean;
      reason?: string;
      onStep?: (r: RolloutView) => Promise<void> | void;
    } = {},
  ): Promise<RolloutView> => {
    const planned = await store.requestRolloutPlan(db, clusterId, { revision }, "test-operator");
    if (!planned.ok) throw new Error(planned.issues.map((i) => i.message).join("; "));
    await worker.pass();
    await worker.idle();
    const plan = await store.getRollout(db, planned.rollout.id);
    if (plan?.status !== "planned") throw new Error(`not planned: ${plan?.status} ${plan?.error ?? ""}`);
    // The gate reads the poller's last readings, and the previous test may have just restarted
    // keepalived: wait for a view the set-up would accept, then start either way and let the gate decide.
    await gateSettled(20_000);
    const started = await store.startRollout(
      db,
      clusterId,
      planned.rollout.id,
      {
        mode,
        confirmDrift: options.confirmDrift ?? true,
        force: options.force ?? false,
        reason: options.reason ?? "",
      },
      "test-operator",
    );
    if (!started.ok) throw new Error(started.issues.map((i) => i.message).join("; "));
    await worker.pass();
    if (options.onStep) {
      while (worker.busy()) {
        const now = await store.getRollout(db, started.rollout.id);
        if (now) await options.onStep(now);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    await worker.idle();
    const finished = await store.getRollout(db, started.rollout.id);
    if (!finished) throw new Error("the rollout is gone");
    return finished;
  };

  /** With the agents in a process of the test's: the pair healthy and both nodes read by its poller. */
  const waitHealthy = () =>
    until(
      "a healthy pair",
      90_000,
      async () => {
        const live = await getClusterLive(db, clusterId);
        return live?.status.health === "healthy" && live.nodes.every((n) => n.observation?.reachable)
          ? true
          : null;
      },
      200,
    );

  /** With the agents in a process of the test's: plans `revision`, then starts it gracefully; the rollout's id. */
  const startElsewhere = async (revision: number): Promise<number> => {
    const planned = await store.requestRolloutPlan(db, clusterId, { revision }, "test-operator");
    if (!planned.ok) throw new Error("plan refused");
    const plan = await store.waitForRollout(db, planned.rollout.id, 60_000, ["planned", "plan-failed"]);
    if (plan?.status !== "planned") throw new Error(`not planned: ${plan?.status} ${plan?.error ?? ""}`);
    const started = await store.startRollout(
      db,
      clusterId,
      planned.rollout.id,
      rolloutStartRequestSchema.parse({ mode: "graceful", confirmDrift: true }),
      "test-operator",
    );
    if (!started.ok) throw new Error(started.issues.map((i) => i.message).join("; "));
    return started.rollout.id;
  };

  const close = async () => {
    stopping.abort();
    await worker.idle();
    await poller?.stop();
    pool.closeAll();
    await db.$disconnect();
  };
  return { db, pool, clusterId, saveRevision, rollOut, waitHealthy, startElsewhere, close, store, worker };
}

export type RolloutLab = Awaited<ReturnType<typeof setup>>;

/**
 * A rollout lab test's set-up and tear-down: its own database, the pair's files saved, the
 * environment started; at the end it is closed and the files written back (also after each test
 * with `restoreAfterEach`). The environment, once set up.
 */
export function useRolloutLab(
  name: string,
  options: RolloutLabOptions & { restoreAfterEach?: boolean } = {},
): () => RolloutLab {
  useDatabase(name);
  let env: RolloutLab | undefined;
  let saved: SavedPair | undefined;
  beforeAll(async () => {
    saved = saveOriginalFiles();
    env = await setup(options);
  }, 120_000);
  if (options.restoreAfterEach)
    afterEach(async () => {
      if (saved) await restoreOriginalFiles(saved);
    }, 120_000);
  afterAll(async () => {
    try {
      await env?.close();
    } finally {
      if (saved) await restoreOriginalFiles(saved);
    }
  }, 120_000);
  return () => {
    if (!env) throw new Error("the rollout lab is not set up");
    return env;
  };
}

export function describeRollout(r: RolloutView): string {
  return [
    `rollout #${r.id} ${r.status}${r.error ? `: ${r.error}` : ""}`,
    ...r.steps.map(
      (s) =>
        `  ${s.index} ${s.kind}${s.node ? ` ${s.node}` : ""} ${s.status} ${s.startedAt ?? ""}→${s.finishedAt ?? ""} ${s.log.map((l) => l.line).join(" / ")}`,
    ),
  ].join("\n");
}

/** Backup first (graceful): when the backup's last step finished and the master's first step after the preflight started, ms. */
export function backupThenMaster(r: RolloutView, backup: string, master: string) {
  const backupDone = Math.max(
    ...r.steps.filter((s) => s.node === backup).map((s) => Date.parse(s.finishedAt ?? "")),
  );
  const masterStart = Math.min(
    ...r.steps
      .filter((s) => s.node === master && s.kind !== "preflight")
      .map((s) => Date.parse(s.startedAt ?? "")),
  );
  return { backupDone, masterStart };
}
