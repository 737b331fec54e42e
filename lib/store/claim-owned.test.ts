/**
 * A claim takes the oldest pending job of a cluster this process owns, however many older pending
 * jobs of clusters other processes own are queued before it (once: the first 50 rows were read and
 * then filtered by ownership, so 50 foreign rows starved an owned one).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("claim-owned");
const { claimCertificateJob } = await import("./certificate-jobs");
const { claimNextServerAction } = await import("./server-actions");

const FOREIGN = 60;
let mine = "";
let foreign: string[] = [];
beforeAll(async () => {
  mine = (await db.cluster.create({ data: { name: "mine" } })).id;
  // One foreign cluster per job: a cluster with a job running or several pending waits its turn anyway.
  foreign = [];
  for (let i = 0; i < FOREIGN; i++)
    foreign.push((await db.cluster.create({ data: { name: `theirs-${i}` } })).id);
});
const owns = (clusterId: string) => clusterId === mine;

describe(`${FOREIGN} pending jobs of clusters another process owns, then one of ours`, () => {
  it("the certificate job of our cluster is claimed", async () => {
    const job = (clusterId: string, name: string) => ({
      clusterId,
      name,
      path: `/etc/haproxy/certs/${name}.pem`,
      fingerprint: "F",
      requestedBy: "t",
    });
    await db.certificateJob.createMany({ data: foreign.map((id, i) => job(id, `theirs-${i}`)) });
    const ours = await db.certificateJob.create({ data: job(mine, "ours") });
    const claimed = await claimCertificateJob(db, "me", owns);
    expect(claimed?.id).toBe(ours.id);
    expect(await claimCertificateJob(db, "me", owns)).toBeNull();
    expect(await db.certificateJob.count({ where: { status: "pending" } })).toBe(FOREIGN);
  });

  it("the server action of our cluster is claimed", async () => {
    const action = (clusterId: string) => ({
      clusterId,
      backend: "be_app",
      server: "app-01",
      action: "drain",
      requestedBy: "t",
    });
    await db.serverAction.createMany({ data: foreign.map(action) });
    const ours = await db.serverAction.create({ data: action(mine) });
    expect((await claimNextServerAction(db, "me", owns))?.id).toBe(ours.id);
    expect(await claimNextServerAction(db, "me", owns)).toBeNull();
  });
});
