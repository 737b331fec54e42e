/**
 * Jobs and notifications are run once however many agents processes look: several clients (each its
 * own connection, as separate processes have) claim in parallel on one real SQLite file, and every
 * row is won by exactly one; a dead owner's running row is taken over by exactly one survivor.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAnotherClient, saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import type { Database } from "@/lib/db/client";
import { emptyPlan, gateOnly } from "@/lib/rollout/__fixtures__/empty-plan";
import type { RowOwner } from "./owned-rows";
import { rolloutRowData } from "./__testing__/rows";

const { db, file } = await useTestDatabase("job-claims");
const rollouts = await import("./rollouts");
const drills = await import("./drills");
const { claimNextServerAction } = await import("./server-actions");
const { claimCertificateJob } = await import("./certificate-jobs");
const { claimAcmeJob } = await import("./acme-jobs");
const { claimNotification } = await import("./alert-outbox");

const RACERS = 8;
const ROWS = 12;
let clients: Database[] = [];
let clusterIds: string[] = [];
beforeAll(async () => {
  clients = await Promise.all(Array.from({ length: RACERS }, () => openAnotherClient(file)));
  clusterIds = [await saveTestCluster(db)];
  for (let i = 1; i < ROWS; i++) clusterIds.push((await db.cluster.create({ data: { name: `c${i}` } })).id);
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.$disconnect()));
});

/** Each racer claims until nothing is left; who won what. */
async function race(claim: (client: Database, self: string) => Promise<{ id: number } | null>) {
  const won = await Promise.all(
    clients.map(async (client, i) => {
      const mine: number[] = [];
      for (let got = await claim(client, `p${i}`); got; got = await claim(client, `p${i}`)) mine.push(got.id);
      return mine;
    }),
  );
  return won.flat();
}
const once = (ids: number[]) => new Set(ids).size === ids.length;

const plan = emptyPlan;
const steps = gateOnly;

describe(`${RACERS} processes claiming at once`, () => {
  it("each pending rollout is claimed once, and its steps written once", async () => {
    for (const clusterId of clusterIds)
      await db.rollout.create({
        data: rolloutRowData(clusterId, { status: "pending", plan: plan as object, activeKey: clusterId }),
      });
    const won = await race((client, self) => rollouts.claimNextRollout(client, steps, self));
    console.log(`rollout claim race: ${ROWS} rows, ${RACERS} claimers, ${won.length} claims won`);
    expect(won).toHaveLength(ROWS);
    expect(once(won)).toBe(true);
    expect(await db.rolloutStep.count()).toBe(ROWS);
  });

  it("each pending drill, server action, certificate job and ACME job is claimed once", async () => {
    // The rollouts claimed above are done: a running rollout holds its cluster's slot, and a
    // certificate job waits for it (certificate-rollout-lock.test.ts).
    await db.rollout.updateMany({ data: { status: "succeeded", activeKey: null } });
    for (const clusterId of clusterIds) {
      await db.drill.create({
        data: { clusterId, revision: 1, mode: "process", requestedBy: "t", problems: [] },
      });
      await db.serverAction.create({
        data: { clusterId, backend: "be_app", server: "app-01", action: "drain", requestedBy: "t" },
      });
      await db.certificateJob.create({
        data: {
          clusterId,
          name: "site",
          path: "/etc/haproxy/certs/site.pem",
          fingerprint: "x",
          requestedBy: "t",
        },
      });
      await db.acmeJob.create({
        data: { clusterId, revision: 1, certificate: "site", reason: "issue", steps: [], data: {} },
      });
    }
    const alive: (self: string) => RowOwner = (self) => ({ self, isDead: (owner) => owner === null });
    const counts = {
      drills: await race((client, self) => drills.claimNextDrill(client, self)),
      "server actions": await race((client, self) => claimNextServerAction(client, self)),
      "certificate jobs": await race((client, self) => claimCertificateJob(client, self)),
      "ACME jobs": await race((client, self) => claimAcmeJob(client, alive(self))),
    };
    for (const [what, won] of Object.entries(counts)) {
      console.log(`${what} claim race: ${ROWS} rows, ${RACERS} claimers, ${won.length} claims won`);
      expect(won, what).toHaveLength(ROWS);
      expect(once(won), what).toBe(true);
    }
    const owners = await db.drill.findMany({ select: { owner: true } });
    expect(owners.every((o) => o.owner?.startsWith("p"))).toBe(true);
  });

  it("a dead owner's running drill and rollout are recovered by exactly one survivor; a live owner's by none", async () => {
    const [one, two] = clusterIds;
    await db.drill.updateMany({ where: { clusterId: one }, data: { status: "running", owner: "dead" } });
    await db.drill.updateMany({ where: { clusterId: two }, data: { status: "running", owner: "alive" } });
    // The survivors (s0…s7) are alive to each other: with the old "anyone but me" a survivor that read
    // after another's take saw that survivor's name and took the row again (PostgreSQL runs the racers
    // truly at once; SQLite's one writer hid it).
    const who = (self: string): RowOwner => ({
      self,
      isDead: (owner) => owner !== "alive" && !owner?.startsWith("s"),
    });
    const recovered = await Promise.all(clients.map((c, i) => drills.takeOrphanedDrills(c, who(`s${i}`))));
    const drillIds = recovered.flat().map((d) => d.id);
    // The drills the racers above claimed are running too; their owners (p0…p7) are dead to these survivors.
    const deadOnes = await db.drill.count({ where: { status: "running", owner: { startsWith: "s" } } });
    console.log(
      `orphan recovery race: ${RACERS} survivors, ${deadOnes} drills of dead owners, ${drillIds.length} recoveries (each once)`,
    );
    expect(once(drillIds)).toBe(true);
    expect(await db.drill.count({ where: { owner: "alive" } })).toBe(1);

    await db.rollout.updateMany({ where: { clusterId: one }, data: { status: "running", owner: "dead" } });
    const rolloutWins = await Promise.all(
      clients.map((c, i) => rollouts.takeOrphanedRollouts(c, who(`s${i}`))),
    );
    const rolloutIds = rolloutWins.flat().map((r) => r.id);
    expect(once(rolloutIds)).toBe(true);
  });

  it("each due notification is claimed by one process", async () => {
    const incident = await db.alertIncident.create({
      data: {
        clusterId: clusterIds[0] ?? "",
        rule: "split-brain",
        key: "vip",
        severity: "critical",
        state: "firing",
        summary: "two holders",
        since: new Date(),
        evidence: {},
      },
    });
    const ids: number[] = [];
    for (let i = 0; i < ROWS; i++) {
      const channel = await db.notificationChannel.create({
        data: { name: `ch${i}`, kind: "webhook", config: {}, secrets: {} },
      });
      ids.push(
        (
          await db.alertNotification.create({
            data: { incidentId: incident.id, channelId: channel.id, event: "fire" },
          })
        ).id,
      );
    }
    const wins = await Promise.all(
      clients.map(async (client, i) => {
        const mine: number[] = [];
        for (const id of ids) if (await claimNotification(client, id, `p${i}`)) mine.push(id);
        return mine;
      }),
    );
    const won = wins.flat();
    console.log(`notification claim race: ${ROWS} rows, ${RACERS} claimers, ${won.length} claims won`);
    expect(won).toHaveLength(ROWS);
    expect(once(won)).toBe(true);
  });
});
