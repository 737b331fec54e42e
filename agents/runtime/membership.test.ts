/**
 * Cluster leases between two agents "processes" (two clients, each its own connection, on one real
 * SQLite file) on a clock the test moves: the share, the hand-over, a dead process's take-over only
 * after the lease time (at once when it ran on this host and its PID is gone), the owner's fence
 * before it, and races where exactly one claimer wins.
 */
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAnotherClient, useTestDatabase } from "@/lib/db/__testing__/test-database";
import type { Database } from "@/lib/db/client";
import { LEASE_FENCE_MARGIN_MS, LEASE_TTL_MS } from "@/lib/timing";

const { db, file } = await useTestDatabase("membership");
const { createMembership } = await import("./membership");
const { createLease, takeLease } = await import("@/lib/store/leases");
const { localProcess } = await import("./local-process");

let t = 1_000_000;
const now = () => t;
const quiet = () => {};
const others: Database[] = [];
const client = async () => {
  const another = await openAnotherClient(file);
  others.push(another);
  return another;
};
afterAll(async () => {
  await Promise.all(others.map((c) => c.$disconnect()));
});

const clusters: string[] = [];
beforeAll(async () => {
  for (const name of ["c1", "c2", "c3", "c4", "c5"])
    clusters.push((await db.cluster.create({ data: { name } })).id);
});

const member = async (self: string) => createMembership(await client(), { self, now, log: quiet });
/** Each process scans once a second (the loop's cadence), `seconds` times. */
const run = async (members: { scan: () => Promise<void> }[], seconds: number) => {
  for (let i = 0; i < seconds; i++) {
    t += 1_000;
    for (const m of members) await m.scan();
  }
};
const owners = (members: Awaited<ReturnType<typeof member>>[]) =>
  clusters.map((id) => members.filter((m) => m.owns(id)).map((m) => m.self));

describe("cluster leases", () => {
  it("shares the clusters, hands over to a second process, and takes a dead one's only after the lease time", async () => {
    const a = await member("A");
    await run([a], 1);
    expect(a.held()).toHaveLength(5);

    // B joins: A hands back its excess (5 clusters, 2 live: at most 3 each) and B takes it at once.
    const b = await member("B");
    await run([b, a], 1);
    await run([b, a], 1);
    expect(a.held()).toHaveLength(3);
    expect(b.held()).toHaveLength(2);
    expect(owners([a, b]).every((o) => o.length === 1)).toBe(true);
    await run([a, b], 4);
    expect(owners([a, b]).every((o) => o.length === 1)).toBe(true);

    // A dies (stops scanning). A stops acting before B may take; B takes after the lease time on its own clock.
    const died = t;
    const aHad = a.held();
    let fencedAt: number | null = null;
    let takenAt: number | null = null;
    while (t - died < 15_000) {
      await run([b], 1);
      if (fencedAt === null && aHad.every((id) => !a.owns(id))) fencedAt = t;
      if (takenAt === null && aHad.every((id) => b.owns(id))) takenAt = t;
      expect(owners([a, b]).every((o) => o.length <= 1)).toBe(true);
    }
    expect(takenAt).not.toBeNull();
    expect(fencedAt).not.toBeNull();
    expect(fencedAt ?? Infinity).toBeLessThan(takenAt ?? 0);
    // Its last renewal was 1-2 s before it died; B saw it unchanged for the lease time, then took it.
    expect((takenAt ?? 0) - died).toBeGreaterThanOrEqual(LEASE_TTL_MS - 2_000);
    expect((takenAt ?? 0) - died).toBeLessThanOrEqual(LEASE_TTL_MS + 1_000);
    expect(b.held()).toHaveLength(5);
    expect(b.isDead("A")).toBe(true);
    await b.leave();
    // A crashed for good: its row goes, so the next tests start with no other process in sight.
    await db.agentProcess.deleteMany({ where: { id: "A" } });
  });

  it("takes a cleanly stopped process's clusters at the next scan, and sees its jobs' owner dead at once", async () => {
    const c = await member("C");
    const d = await member("D");
    await run([c, d], 2);
    expect(owners([c, d]).every((o) => o.length === 1)).toBe(true);
    expect(d.isDead("C")).toBe(false);
    await c.leave();
    await run([d], 1);
    expect(d.held()).toHaveLength(5);
    expect(d.isDead("C")).toBe(true);
    // An owner this process never saw beat is alive for a lease time before it reads as dead.
    expect(d.isDead("unknown")).toBe(false);
    t += LEASE_TTL_MS;
    expect(d.isDead("unknown")).toBe(true);
    expect(d.isDead(null)).toBe(true);
    await d.leave();
  });

  it("a renewal that keeps failing stops the owner acting before the lease could be taken", async () => {
    const e = await member("E");
    await run([e], 1);
    expect(e.held()).toHaveLength(5);
    const heldAt = t;
    t += LEASE_TTL_MS - LEASE_FENCE_MARGIN_MS - 1;
    expect(clusters.every((id) => e.owns(id))).toBe(true);
    t = heldAt + LEASE_TTL_MS - LEASE_FENCE_MARGIN_MS;
    expect(clusters.some((id) => e.owns(id))).toBe(false);
    await e.leave();
  });

  it("a renewal that comes late, past the fence, keeps what is still this process's and drops only what was taken meanwhile", async () => {
    const told: number[] = [];
    const f = await member("F");
    f.onChange(() => told.push(t));
    await run([f], 1);
    expect(f.held()).toHaveLength(5);
    const toldBefore = told.length;
    // Stalled past the fence (an event loop or a database held up): it does not act, nor tear its work down.
    t += LEASE_TTL_MS + 1_000;
    expect(clusters.some((id) => f.owns(id))).toBe(false);
    const [taken = "", ...kept] = clusters;
    const row = await db.clusterLease.findUniqueOrThrow({ where: { clusterId: taken } });
    expect(await takeLease(db, row, "G", new Date(t), LEASE_TTL_MS)).toBe(true);
    await run([f], 1);
    expect(f.held().sort()).toEqual([...kept].sort());
    expect(kept.every((id) => f.owns(id))).toBe(true);
    expect(f.owns(taken)).toBe(false);
    expect(told).toHaveLength(toldBefore + 1);
    await db.clusterLease.update({ where: { clusterId: taken }, data: { owner: null } });
    await f.leave();
  });

  it("a restarted process takes its dead predecessor's leases at once (same host, its PID gone), not a lease time later", async () => {
    expect(localProcess()).not.toBeNull();
    const before = await member("before-restart");
    await run([before], 1);
    expect(before.held()).toHaveLength(5);
    // While the predecessor's PID runs (this test's own, with its start time), its leases are live.
    const after = await member("after-restart");
    await run([after], 1);
    expect(after.held()).toHaveLength(0);
    expect(after.isDead("before-restart")).toBe(false);
    // The predecessor's PID is gone (a process that has exited): its leases are free at the next scan.
    const { pid } = spawnSync(process.execPath, ["-e", ""]);
    await db.agentProcess.update({ where: { id: "before-restart" }, data: { pid } });
    const lastRenewed = t - 1_000;
    await run([after], 1);
    expect(after.held()).toHaveLength(5);
    expect(t - lastRenewed).toBeLessThan(LEASE_TTL_MS);
    expect(after.isDead("before-restart")).toBe(true);
    await after.leave();
  });

  it("of 24 clients racing to take one lease (each on its own connection), exactly one wins", async () => {
    const id = clusters[0] ?? "";
    const seen = await db.clusterLease.findUniqueOrThrow({ where: { clusterId: id } });
    const racers = await Promise.all(Array.from({ length: 24 }, () => client()));
    const wins = await Promise.all(
      racers.map((racer, i) => takeLease(racer, seen, `racer-${i}`, new Date(t), LEASE_TTL_MS)),
    );
    expect(wins.filter(Boolean)).toHaveLength(1);
    const row = await db.clusterLease.findUniqueOrThrow({ where: { clusterId: id } });
    expect(row.owner).toBe(`racer-${wins.indexOf(true)}`);
    expect(row.version).toBe(seen.version + 1);
    console.log(`lease take race: 24 claimers, ${wins.filter(Boolean).length} won`);

    const fresh = (await db.cluster.create({ data: { name: "fresh" } })).id;
    const created = await Promise.all(
      racers.map((racer, i) => createLease(racer, fresh, `racer-${i}`, new Date(t), LEASE_TTL_MS)),
    );
    expect(created.filter(Boolean)).toHaveLength(1);
    console.log(`lease create race: 24 claimers, ${created.filter(Boolean).length} won`);
  });
});
