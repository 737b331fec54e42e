/**
 * Runtime server actions on the real lab pair: drain through the real route handler and the agents'
 * step, both nodes report DRAIN in `show stat`, a `systemctl reload haproxy` keeps it (server-state
 * file), ready brings it back. The server is always made ready again at the end (the lab is shared).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labPair, requireInventory } from "@/e2e/lab/control";
import { labPairDefinition } from "@/e2e/lab/register";
import { parseShowInfo } from "@/lib/probes/parse/haproxy-info";
import { parseShowStat } from "@/lib/probes/parse/haproxy-stat";
import type { ServerActionView } from "@/lib/runtime-api/server-action";
import { createSshPool } from "@/lib/ssh";
import { freshDatabaseFile, openMigratedDatabase } from "@/lib/db/__testing__/fresh-database";
import { labTarget } from "./lab-targets";

freshDatabaseFile(join(process.cwd(), "data", "lab-server-actions.db"));

const NODES = ["lb-01", "lb-02"] as const;
const BACKEND = "be_app";
const SERVER = "app-03";
const ADMIN_SOCKET = "/run/haproxy/admin.sock";
const pool = createSshPool();
let route: typeof import("@/app/api/clusters/[id]/servers/actions/route");
let agents: typeof import("@/agents/server-actions/run-actions");
let clusterId = "";
let operator = "";

async function serverStatus(node: string): Promise<string | undefined> {
  const rows = parseShowStat(await pool.socket(labTarget(node), ADMIN_SOCKET, `show stat ${BACKEND} 4 -1`));
  return rows.find((row) => row.name === SERVER)?.status;
}

async function workerPid(node: string): Promise<number | null> {
  return parseShowInfo(await pool.socket(labTarget(node), ADMIN_SOCKET, "show info")).pid;
}

/** Through the route handler (waitMs=0: the agents' step is run here), then the agents' step. */
async function act(action: "drain" | "maint" | "ready"): Promise<{ action: ServerActionView; ms: number }> {
  const started = Date.now();
  const response = await route.POST(
    new Request(`http://hapair.test/api/clusters/${clusterId}/servers/actions?waitMs=0`, {
      method: "POST",
      body: JSON.stringify({ backend: BACKEND, server: SERVER, action }),
      headers: { cookie: operator },
    }),
    { params: Promise.resolve({ id: clusterId }) },
  );
  expect(response.status).toBe(202);
  const { db } = await import("@/lib/db/client");
  const [finished] = await agents.runPendingServerActions(db, pool);
  if (!finished) throw new Error("the agents' step ran no action");
  return { action: finished, ms: Date.now() - started };
}

async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`${what}: still ${JSON.stringify(value)} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  // The lab must be up (`npm run lab -- up`): repairing ten pairs from here takes minutes on a busy machine.
  requireInventory();
  const db = await openMigratedDatabase();
  const definition = labPairDefinition(requireInventory(), labPair("lab"));
  expect(definition.paths.serverStateFile).toBe("/var/lib/haproxy/server-state");
  const saved = await (await import("@/lib/store/revisions")).saveClusterRevision(db, definition, "lab");
  if (!saved.ok) throw new Error(saved.issues.map((i) => i.message).join("; "));
  clusterId = saved.clusterId;
  operator = await (await import("@/lib/auth/__fixtures__/test-sessions")).cookieFor(db, "operator");
  route = await import("@/app/api/clusters/[id]/servers/actions/route");
  agents = await import("@/agents/server-actions/run-actions");
}, 180_000);

afterAll(async () => {
  // Whatever happened, the shared lab's server is ready again and its state files say so.
  if (agents) await act("ready").catch(() => undefined);
  for (const node of NODES)
    await pool
      .socket(labTarget(node), ADMIN_SOCKET, `set server ${BACKEND}/${SERVER} state ready`)
      .catch(() => undefined);
  pool.closeAll();
  const { db } = await import("@/lib/db/client");
  await db.$disconnect();
}, 60_000);

describe("runtime server actions on the lab pair", () => {
  it("drains on both nodes, saves the server-state file, and records who and when", async () => {
    const { action, ms } = await act("drain");
    console.log(
      `[server-actions] drain on both nodes: ${ms} ms end to end; per node ${action.results.map((r) => `${r.node} ${r.durationMs} ms`).join(", ")}`,
    );
    expect(action.status).toBe("done");
    expect(action.requestedBy).toBe("test-operator");
    expect(action.results.map((r) => [r.node, r.ok, r.adminState, r.stateSaved])).toEqual(
      NODES.map((n) => [n, true, "DRAIN", true]),
    );
    for (const node of NODES) {
      expect(await serverStatus(node)).toBe("DRAIN");
      const saved =
        (await pool.readFile(labTarget(node), "/var/lib/haproxy/server-state"))?.toString("utf8") ?? "";
      expect(
        saved
          .split("\n")
          .find((line) => line.includes(` ${SERVER} `))
          ?.split(" ")[6],
      ).toBe("8");
    }
  });

  it("keeps DRAIN across a HAProxy reload on each node (server-state file)", async () => {
    for (const node of NODES) {
      const before = await workerPid(node);
      await pool.exec(labTarget(node), ["systemctl", "reload", "haproxy"]);
      const after = await until(
        `${node} new worker`,
        () => workerPid(node),
        (pid) => pid !== null && pid !== before,
        10_000,
      );
      console.log(`[server-actions] ${node} reloaded: worker ${before} -> ${after}`);
      expect(await serverStatus(node)).toBe("DRAIN");
    }
  });

  it("brings the server back with ready on both nodes", async () => {
    const { action, ms } = await act("ready");
    console.log(`[server-actions] ready on both nodes: ${ms} ms end to end`);
    expect(action.status).toBe("done");
    for (const node of NODES)
      expect(
        await until(
          `${node} ${SERVER}`,
          () => serverStatus(node),
          (s) => s?.startsWith("UP") ?? false,
          10_000,
        ),
      ).toMatch(/^UP/);
  });

  it("reports HAProxy's refusal per node, and works through socat when forwarding is not used", async () => {
    const { applyOnNode } = await import("@/agents/server-actions/apply-on-node");
    const spec = {
      adminSocket: ADMIN_SOCKET,
      serverStateFile: "/var/lib/haproxy/server-state",
      keepServerState: true,
    };
    const signal = AbortSignal.timeout(10_000);
    const missing = await applyOnNode(
      pool,
      { name: "lb-01", target: labTarget("lb-01") },
      spec,
      { backend: BACKEND, server: "app-99", action: "drain" },
      signal,
    );
    expect(missing).toMatchObject({ ok: false, error: "HAProxy: No such server.", stateSaved: false });
    const viaSocat = await applyOnNode(
      pool,
      { name: "lb-02", target: labTarget("lb-02", { id: "lab-lb-02-socat", runtimeApi: "socat" }) },
      spec,
      { backend: BACKEND, server: SERVER, action: "ready" },
      signal,
    );
    expect(viaSocat).toMatchObject({ ok: true, adminState: "READY", stateSaved: true });
  });
});
