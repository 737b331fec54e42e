/** Corrupt JSON columns: each reader gives an error for that row and goes on; nothing throws. */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { observed } from "@/lib/alerts/__fixtures__/cluster";
import { emptyPlan, gateOnly } from "@/lib/rollout/__fixtures__/empty-plan";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { loadRunSteps, reloadDataOf } from "./rollout-steps";
import { rolloutRowData } from "./__testing__/rows";

const { db } = await useTestDatabase("json-columns");

const { getClusterLive } = await import("./cluster-live");
const rollouts = await import("./rollouts");
const { getServerAction } = await import("./server-actions");

const plan = emptyPlan;
const steps = gateOnly;

let clusterId = "";
beforeAll(async () => {
  clusterId = await saveTestCluster(db);
});

const rolloutRow = (data: { status: string; plan: object; activeKey?: string }) =>
  db.rollout.create({ data: rolloutRowData(clusterId, data) });

describe("JSON columns read back", () => {
  it("a plan that does not parse: the row says so, start is refused, the rest of the list reads", async () => {
    const good = await rolloutRow({ status: "planned", plan });
    const bad = await rolloutRow({ status: "planned", plan: { revision: "one", nodes: 7 } });
    const view = await rollouts.getRollout(db, bad.id);
    expect(view?.plan).toBeNull();
    expect(view?.unreadable?.[0]).toMatch(/^stored plan unreadable \(revision: /);
    expect((await rollouts.getRollout(db, good.id))?.unreadable).toBeUndefined();
    expect((await rollouts.listRollouts(db, clusterId)).map((r) => r.id)).toEqual([bad.id, good.id]);
    const start = await rollouts.startRollout(
      db,
      clusterId,
      bad.id,
      { mode: "graceful", force: false, reason: "", confirmDrift: false },
      "t",
    );
    expect(start).toMatchObject({ ok: false, code: "forbidden-by-state" });
    await db.rollout.deleteMany({});
  });

  it("a pending rollout with a corrupt plan fails alone and frees its cluster; the next one is claimed", async () => {
    const bad = await rolloutRow({ status: "pending", plan: { nodes: [{ side: 3 }] }, activeKey: clusterId });
    expect(await rollouts.claimNextRollout(db, steps)).toBeNull();
    const failed = await rollouts.getRollout(db, bad.id);
    expect(failed?.status).toBe("failed");
    expect(failed?.error).toMatch(/^cannot run: stored plan unreadable/);
    const next = await rolloutRow({ status: "pending", plan, activeKey: clusterId });
    expect((await rollouts.claimNextRollout(db, steps))?.id).toBe(next.id);
    await db.rollout.deleteMany({});
  });

  it("a step's log and reload data that do not parse read as a line saying so, and as no data", async () => {
    const row = await rolloutRow({ status: "running", plan });
    await db.rolloutStep.create({
      data: { rolloutId: row.id, index: 0, kind: "reload-haproxy", node: "lb-01", log: { not: "lines" } },
    });
    await db.rolloutStep.update({
      where: { rolloutId_index: { rolloutId: row.id, index: 0 } },
      data: { data: { procBefore: { masterPid: "x" } } },
    });
    const view = await rollouts.getRollout(db, row.id);
    expect(view?.steps[0]?.log.map((l) => l.line)).toEqual([
      "stored log of step 0 unreadable (Invalid input: expected array, received object)",
    ]);
    expect(view?.unreadable).toHaveLength(1);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const [step] = await loadRunSteps(db, row.id);
    if (!step) throw new Error("no step");
    expect(reloadDataOf(row.id, step)).toEqual({});
    expect(logged.mock.calls[0]?.[0]).toMatch(/procBefore\.masterPid/);
    logged.mockRestore();
    await db.rollout.deleteMany({});
  });

  it("a server action's results that do not parse read as one failed answer", async () => {
    const row = await db.serverAction.create({
      data: {
        clusterId,
        backend: "be",
        server: "s1",
        action: "drain",
        requestedBy: "t",
        results: [{ ok: "yes" }],
      },
    });
    const action = await getServerAction(db, row.id);
    expect(action?.results).toHaveLength(1);
    expect(action?.results[0]).toMatchObject({ node: "(store)", ok: false });
    expect(action?.results[0]?.error).toMatch(/^stored results unreadable \(0\.node: /);
  });

  it("an observation that does not parse reads as that node unreachable with the reason; its peer is read", async () => {
    const now = Date.now();
    const nodes = await db.node.findMany({ where: { clusterId }, orderBy: { name: "asc" } });
    const [first, second] = nodes;
    if (!first || !second) throw new Error("two nodes expected");
    await db.nodeObservation.create({
      data: {
        nodeId: first.id,
        at: new Date(now),
        reachable: true,
        data: { reachable: "very", vipsHeld: 3 },
      },
    });
    await db.nodeObservation.create({
      data: {
        nodeId: second.id,
        at: new Date(now),
        reachable: true,
        data: observed(second.name, now) as unknown as object,
      },
    });
    const live = await getClusterLive(db, clusterId);
    const broken = live?.nodes.find((n) => n.name === first.name)?.observation;
    expect(broken).toMatchObject({ node: first.name, reachable: false });
    expect(broken?.error).toMatch(/^stored observation unreadable/);
    expect(live?.nodes.find((n) => n.name === second.name)?.observation?.reachable).toBe(true);
  });
});
