/**
 * Failover drills in the lab beyond process death: the partition drill (split-brain paged within
 * hold + 1 s, one holder after the unblock), a drill refused while the peer has a backend down (and
 * forced, saying so), one drill or rollout per cluster, and agents "killed" mid-drill (the node's
 * dead-man timer restores HAProxy; a new worker marks the drill interrupted with what was restored).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { labExec, testPair, waitFor } from "@/e2e/lab/control";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { drillRequestSchema } from "@/lib/drill/types";
import { describeDrill, expectPairBack, setupDrills, useDatabase } from "./drill-support";

useDatabase(`drills-more-${testPair().name}`);

let lab: Awaited<ReturnType<typeof setupDrills>>;
const [holderNode, peerNode] = testPair().nodes;
const holder = holderNode?.name ?? "";
const peer = peerNode?.name ?? "";

function adminSocket(node: string, command: string): string {
  return labExec(node, ["sh", "-c", 'echo "$1" | socat stdio /run/haproxy/admin.sock', "admin", command])
    .stdout;
}

beforeAll(async () => {
  lab = await setupDrills();
});

afterAll(async () => {
  adminSocket(peer, "enable server be_app/app-01");
  await lab?.close();
  await expectPairBack().catch(() => undefined);
});

async function saveRevision(change: (d: ClusterDefinition) => ClusterDefinition): Promise<void> {
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  const { pairDefinition } = await import("./rollout-support");
  const saved = await saveClusterRevision(lab.db, change(pairDefinition()), "test-operator");
  if (!saved.ok) throw new Error(saved.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
}

async function waitAsync(what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("partition drill", () => {
  it("blocks VRRP on the holder: split-brain is paged within hold + 1 s, then one holder again, no rule left", async () => {
    const drill = await lab.drill({ mode: "partition" });
    console.log(describeDrill(drill));
    expect(drill.status, describeDrill(drill)).toBe("passed");
    expect(drill.report?.alerts.some((a) => a.rule === "split-brain" && a.firedAt !== null)).toBe(true);
    expect(drill.timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining(["fault-injected", "vip-on-peer", "alert-fired", "fault-undone", "pair-back"]),
    );
    await expectPairBack();
    await lab.waitHealthy();
  });
});

describe("pre-checks and the cluster's one slot", () => {
  it("a backend down on the peer (up on the holder) refuses the drill with that reason; forced, it runs and the report says so", async () => {
    adminSocket(peer, "disable server be_app/app-01");
    try {
      const { getClusterLive } = await import("@/lib/store/cluster-live");
      await waitAsync(
        "the peer's app-01 seen in MAINT",
        async () => {
          const live = await getClusterLive(lab.db, lab.clusterId);
          return (
            live?.nodes
              .find((n) => n.name === peer)
              ?.observation?.haproxy?.servers.some(
                (s) => s.server === "app-01" && s.status.startsWith("MAINT"),
              ) ?? false
          );
        },
        20_000,
      );
      const refused = await lab.store.requestDrill(
        lab.db,
        lab.clusterId,
        drillRequestSchema.parse({ mode: "process" }),
        "test-operator",
      );
      expect(refused.ok).toBe(false);
      if (refused.ok) return;
      expect(refused.code).toBe("forbidden-by-state");
      expect(refused.issues).toEqual([
        {
          path: "force",
          message: `peer ${peer}: be_app/app-01 is up on ${holder} but not on ${peer} (force with a reason to run anyway)`,
        },
      ]);
      const forced = await lab.drill({
        mode: "process",
        force: true,
        reason: "app-01 is in maintenance on the peer on purpose",
      });
      console.log(describeDrill(forced));
      expect(forced.report).toMatchObject({
        forced: true,
        forceReason: "app-01 is in maintenance on the peer on purpose",
        forcedOver: [`peer ${peer}: be_app/app-01 is up on ${holder} but not on ${peer}`],
      });
      expect(forced.status, describeDrill(forced)).toBe("passed");
    } finally {
      adminSocket(peer, "enable server be_app/app-01");
    }
    await expectPairBack();
    await lab.waitHealthy();
  });

  it("a drill and a rollout exclude each other (the shared activeKey slot)", async () => {
    const rollout = await lab.db.rollout.create({
      data: {
        clusterId: lab.clusterId,
        revision: 1,
        requestedBy: "t",
        status: "pending",
        activeKey: lab.clusterId,
      },
    });
    const refused = await lab.store.requestDrill(
      lab.db,
      lab.clusterId,
      drillRequestSchema.parse({ mode: "process" }),
      "test-operator",
    );
    expect(refused.ok ? [] : refused.issues.map((i) => i.message)).toEqual([
      `rollout #${rollout.id} is pending: one drill or rollout at a time per cluster`,
    ]);
    await lab.db.rollout.update({
      where: { id: rollout.id },
      data: { status: "cancelled", activeKey: null },
    });
    const drill = await lab.db.drill.create({
      data: {
        clusterId: lab.clusterId,
        revision: 1,
        mode: "process",
        requestedBy: "t",
        problems: [],
        status: "interrupted",
        activeKey: lab.clusterId,
      },
    });
    const error = await lab.db.rollout
      .update({ where: { id: rollout.id }, data: { status: "pending", activeKey: lab.clusterId } })
      .catch((e: unknown) => e);
    const { dbErrorText } = await import("@/lib/store/drills");
    expect(dbErrorText(error)).toMatch(/a drill of this cluster is pending or running/);
    await lab.db.drill.update({ where: { id: drill.id }, data: { activeKey: null } });
  });
});

describe("agents killed mid-drill", () => {
  it("the node's dead-man timer starts HAProxy again; at restart the drill is marked interrupted with what was restored", async () => {
    await saveRevision((d) => ({
      ...d,
      drills: { deadManSeconds: 20, nodeDeath: { enabled: false, returnWithinSeconds: 300 } },
    }));
    const requested = await lab.request({ mode: "process" });
    if (!requested.ok) throw new Error(requested.issues.map((i) => i.message).join("; "));
    const { drillWorker } = await import("@/agents/drills/service");
    const dying = new AbortController();
    const first = drillWorker(lab.db, lab.pool, dying.signal);
    await first.pass();
    // The agents "die" once the fault is in: their SSH commands are cut off and nothing more runs.
    await waitAsync(
      "the fault injected",
      async () =>
        ((await lab.store.getDrill(lab.db, requested.drill.id))?.timeline ?? []).some(
          (e) => e.event === "fault-injected",
        ),
      30_000,
    );
    dying.abort(new Error("killed"));
    await first.idle();
    expect((await lab.store.getDrill(lab.db, requested.drill.id))?.status).toBe("running");
    expect(labExec(holder, ["/usr/local/sbin/systemctl", "is-active", "haproxy"]).code).not.toBe(0);
    // No hapair process acts now: only the node's own timer can bring HAProxy back.
    await waitFor(
      "HAProxy started by the dead-man timer",
      () => labExec(holder, ["/usr/local/sbin/systemctl", "is-active", "haproxy"]).code === 0,
      30_000,
    );
    const second = drillWorker(lab.db, lab.pool, new AbortController().signal);
    await second.pass();
    await second.idle();
    const drill = await lab.store.getDrill(lab.db, requested.drill.id);
    console.log(drill && describeDrill(drill));
    expect(drill?.status).toBe("interrupted");
    expect(drill?.report?.restored.join(" ")).toMatch(
      new RegExp(`${holder}: the node's dead-man timer ran systemctl start haproxy \\(exit 0\\)`),
    );
    expect(drill?.report?.leftToRepair).toEqual([]);
    await expectPairBack();
  });
});
