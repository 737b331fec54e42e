/** The rollouts API through its real route handlers, on a throw-away database (no nodes: the agents' side is played here). */
import { beforeAll, describe, expect, it } from "vitest";
import type { RolloutPlan, RolloutView } from "@/lib/rollout/types";
import type { NodeObservation } from "@/lib/status/observation";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { holding, nodeObservation } from "@/lib/status/__fixtures__/observation";

const { db } = await useTestDatabase("rollouts");

let list: typeof import("./route");
let one: typeof import("./[rolloutId]/route");
let start: typeof import("./[rolloutId]/start/route");
let store: typeof import("@/lib/store/rollouts");
let clusterId = "";
const cookies: Record<string, string> = {};

const observation = (node: string, vip: boolean): NodeObservation =>
  nodeObservation(node, vip ? holding("10.0.0.100") : {});

async function observe(vipOn: string[]): Promise<void> {
  for (const node of await db.node.findMany({ where: { clusterId } })) {
    await db.nodeObservation.create({
      data: {
        nodeId: node.id,
        at: new Date(),
        reachable: true,
        data: observation(node.name, vipOn.includes(node.name)) as unknown as object,
      },
    });
  }
}

const plan = (drift: boolean): RolloutPlan => ({
  revision: 1,
  noChange: false,
  drift,
  nodes: [
    {
      node: "lb-02",
      side: "backup",
      files: [],
      drift: drift ? ["haproxy.cfg differs between lb-02 and lb-01"] : [],
    },
    { node: "lb-01", side: "master", files: [], drift: [] },
  ],
});

beforeAll(async () => {
  list = await import("./route");
  one = await import("./[rolloutId]/route");
  start = await import("./[rolloutId]/start/route");
  store = await import("@/lib/store/rollouts");
  clusterId = await saveTestCluster(db);
  const { cookieFor } = await import("@/lib/auth/__fixtures__/test-sessions");
  for (const role of ["viewer", "operator"] as const) cookies[role] = await cookieFor(db, role);
}, 180_000);

const json = (body: unknown, role = "operator") => ({
  method: "POST",
  body: JSON.stringify(body),
  headers: { cookie: cookies[role] ?? "" },
});
const askPlan = (body: unknown, role = "operator") =>
  list.POST(new Request(`http://hapair.test/api/clusters/${clusterId}/rollouts`, json(body, role)), {
    params: Promise.resolve({ id: clusterId }),
  });
const startIt = (id: number, body: unknown) =>
  start.POST(new Request(`http://hapair.test/api/clusters/${clusterId}/rollouts/${id}/start`, json(body)), {
    params: Promise.resolve({ id: clusterId, rolloutId: String(id) }),
  });
const issues = async (response: Response) =>
  ((await response.json()) as { issues: { path: string; message: string }[] }).issues;

/** A plan request, answered by "the agents" with the given plan. */
async function planned(drift = false): Promise<number> {
  const created = await store.requestRolloutPlan(db, clusterId, { revision: 1 }, "test-operator");
  if (!created.ok) throw new Error("refused");
  await store.savePlan(db, created.rollout.id, { plan: plan(drift) });
  return created.rollout.id;
}

describe("rollouts API", () => {
  it("refuses a bad revision with a field error, and viewers altogether", async () => {
    const bad = await askPlan({ revision: 99 });
    expect(bad.status).toBe(422);
    expect((await issues(bad)).map((i) => i.path)).toEqual(["revision"]);
    expect((await askPlan({ revision: "one" })).status).toBe(400);
    expect((await askPlan({ revision: 1 }, "viewer")).status).toBe(403);
    expect(await db.rollout.count()).toBe(0);
  });

  it("needs drift confirmed, refuses an unhealthy cluster unless forced with a reason, and audits the start", async () => {
    await observe(["lb-01"]);
    const drifted = await planned(true);
    const noConfirm = await startIt(drifted, { mode: "graceful" });
    expect(noConfirm.status).toBe(422);
    expect((await issues(noConfirm)).map((i) => i.path)).toEqual(["confirmDrift"]);

    await observe(["lb-01", "lb-02"]);
    const splitBrain = await startIt(drifted, { mode: "graceful", confirmDrift: true });
    expect(splitBrain.status).toBe(409);
    expect((await issues(splitBrain))[0]?.message).toMatch(/split-brain/);
    expect((await startIt(drifted, { mode: "graceful", confirmDrift: true, force: true })).status).toBe(400);
    const forced = await startIt(drifted, {
      mode: "verify-on-backup",
      confirmDrift: true,
      force: true,
      reason: "VRRP blocked by a bad ACL, fixing it",
    });
    expect(forced.status).toBe(202);
    const { rollout } = (await forced.json()) as { rollout: RolloutView };
    expect(rollout).toMatchObject({
      status: "pending",
      mode: "verify-on-backup",
      startedBy: "test-operator",
      forceReason: "VRRP blocked by a bad ACL, fixing it",
      driftConfirmed: true,
    });
    const audit = await db.auditEntry.findFirst({ where: { action: "rollout.start" } });
    expect(audit?.detail).toMatchObject({
      rollout: rollout.id,
      revision: 1,
      mode: "verify-on-backup",
      forceReason: "VRRP blocked by a bad ACL, fixing it",
    });
  });

  it("allows one active rollout per cluster, and lists history newest first", async () => {
    await observe(["lb-01"]);
    const second = await planned();
    const busy = await startIt(second, { mode: "graceful" });
    expect(busy.status).toBe(409);
    expect((await issues(busy))[0]?.message).toMatch(/another rollout/);
    const running = await db.rollout.findFirstOrThrow({ where: { status: "pending" } });
    await store.finishRollout(db, (await store.getRollout(db, running.id)) as RolloutView, "succeeded", null);
    expect((await startIt(second, { mode: "graceful" })).status).toBe(202);
    const history = (await (
      await list.GET(
        new Request(`http://hapair.test/api/clusters/${clusterId}/rollouts`, {
          headers: { cookie: cookies.viewer ?? "" },
        }),
        { params: Promise.resolve({ id: clusterId }) },
      )
    ).json()) as { rollouts: RolloutView[] };
    expect(history.rollouts[0]?.id).toBe(second);
    const detail = await one.GET(
      new Request(`http://hapair.test/api/clusters/${clusterId}/rollouts/${second}`, {
        headers: { cookie: cookies.viewer ?? "" },
      }),
      { params: Promise.resolve({ id: clusterId, rolloutId: String(second) }) },
    );
    expect(detail.status).toBe(200);
  });
});
