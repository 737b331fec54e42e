/** A certificate job and a rollout never run on one cluster at once, in either order (the migration's triggers and the claim). */
import { beforeAll, describe, expect, it } from "vitest";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import type { Prisma } from "@/generated/prisma/client";
import type { RolloutPlan } from "@/lib/rollout/types";
import { rolloutRowData } from "./__testing__/rows";

const { db } = await useTestDatabase("certificate-rollout-lock");
const { claimCertificateJob } = await import("./certificate-jobs");
const { startRollout } = await import("./rollouts");

// The one-node plan keeps the start's own checks quiet; only the slot is under test.
const plan = {
  revision: 1,
  noChange: false,
  drift: false,
  nodes: [{ node: "lb-02", side: "backup", files: [], drift: [] }],
} satisfies RolloutPlan as Prisma.InputJsonValue;
const forced = { mode: "graceful", force: true, reason: "lock test", confirmDrift: false } as const;

let clusterId = "";
let otherId = "";
beforeAll(async () => {
  clusterId = await saveTestCluster(db);
  otherId = (await db.cluster.create({ data: { name: "other" } })).id;
});

const job = (cluster: string, status = "pending") =>
  db.certificateJob.create({
    data: {
      clusterId: cluster,
      name: "site",
      path: "/etc/haproxy/certs/site.pem",
      fingerprint: "AA",
      requestedBy: "t",
      status,
    },
  });
const plannedRollout = () =>
  db.rollout.create({
    data: rolloutRowData(clusterId, { status: "planned", plan }),
  });

describe("certificate job and rollout on one cluster", () => {
  it("a rollout started while a job runs is refused with the reason; once the job ends it starts", async () => {
    const running = await job(clusterId, "running");
    const rollout = await plannedRollout();
    const started = await startRollout(db, clusterId, rollout.id, forced, "t");
    expect(started).toMatchObject({ ok: false, code: "conflict" });
    expect(started.ok ? "" : started.issues[0]?.message).toMatch(
      /certificate job of this cluster is running/,
    );
    expect((await db.rollout.findUniqueOrThrow({ where: { id: rollout.id } })).activeKey).toBeNull();
    await db.certificateJob.update({ where: { id: running.id }, data: { status: "succeeded" } });
    expect(await startRollout(db, clusterId, rollout.id, forced, "t")).toMatchObject({ ok: true });
    await db.rollout.deleteMany({});
    await db.certificateJob.deleteMany({});
  });

  it("a job queued while a rollout holds the cluster waits (other clusters' jobs run); claimed once it ends", async () => {
    const rollout = await plannedRollout();
    expect(await startRollout(db, clusterId, rollout.id, forced, "t")).toMatchObject({ ok: true });
    const waiting = await job(clusterId);
    const elsewhere = await job(otherId);
    expect((await claimCertificateJob(db))?.id).toBe(elsewhere.id);
    expect(await claimCertificateJob(db)).toBeNull();
    expect((await db.certificateJob.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("pending");
    await db.rollout.update({ where: { id: rollout.id }, data: { status: "succeeded", activeKey: null } });
    expect((await claimCertificateJob(db))?.id).toBe(waiting.id);
    await db.rollout.deleteMany({});
    await db.certificateJob.deleteMany({});
  });

  it("the database itself refuses the claim when a rollout took the slot after the claim's check", async () => {
    const rollout = await plannedRollout();
    await db.rollout.update({ where: { id: rollout.id }, data: { status: "pending", activeKey: clusterId } });
    const pending = await job(clusterId);
    await expect(
      db.certificateJob.update({ where: { id: pending.id }, data: { status: "running" } }),
    ).rejects.toThrow();
    await expect(
      db.rollout.update({ where: { id: rollout.id }, data: { activeKey: null } }),
    ).resolves.toBeTruthy();
    await db.certificateJob.update({ where: { id: pending.id }, data: { status: "running" } });
    await expect(
      db.rollout.create({ data: rolloutRowData(clusterId, { status: "pending", activeKey: clusterId }) }),
    ).rejects.toThrow();
    await db.rollout.deleteMany({});
    await db.certificateJob.deleteMany({});
  });
});
