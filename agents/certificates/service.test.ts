/**
 * The certificate worker on a database of its own: a job a previous agents process left running is
 * taken over and recovered on the first pass (here no node may be asked and nothing had been
 * written: it fails saying so), the cluster's pending job waits for it and is claimed and run in the
 * background on the next (one whose certificate is gone), and a later pass finds nothing left.
 */
import { describe, expect, it } from "vitest";
import { unreachablePool, useWorkerDatabase } from "../runtime/__testing__/worker-fixture";

const { db, cluster } = await useWorkerDatabase("certificate-worker");
const { certificateWorker } = await import("./service");

describe("certificate worker", () => {
  it("recovers what was left running, then claims and runs the cluster's pending job in the background", async () => {
    // One left running by a previous agents process, one pending for a certificate removed since.
    const common = { clusterId: cluster.id, fingerprint: "F", requestedBy: "t" };
    await db.certificateJob.createMany({
      data: [
        { ...common, name: "left", path: "/etc/haproxy/left.pem", status: "running" },
        { ...common, name: "gone", path: "/etc/haproxy/gone.pem", status: "pending" },
      ],
    });
    const worker = certificateWorker(db, unreachablePool, new AbortController().signal);
    const rows = () =>
      db.certificateJob
        .findMany({ where: { clusterId: cluster.id }, orderBy: { id: "asc" } })
        .then((all) => all.map((r) => [r.name, r.status, r.error]));
    await worker.pass();
    await worker.idle();
    expect(await rows()).toEqual([
      ["left", "failed", expect.stringMatching(/^interrupted by a restart; .*nothing had been changed$/)],
      ["gone", "pending", null],
    ]);
    await worker.pass();
    await worker.idle();
    expect(worker.busy()).toBe(false);
    expect((await rows())[1]).toEqual(["gone", "failed", "the certificate was removed"]);
    await worker.pass();
    expect(worker.busy()).toBe(false);
  });

  it("a job cut off by the agents stopping stays running, and the next process recovers it", async () => {
    const job = await db.certificateJob.create({
      data: {
        clusterId: cluster.id,
        name: "cut",
        path: "/etc/haproxy/cut.pem",
        fingerprint: "F",
        requestedBy: "t",
      },
    });
    const stopping = new AbortController();
    stopping.abort(new Error("agents stopping"));
    const first = certificateWorker(db, unreachablePool, stopping.signal);
    await first.pass();
    await first.idle();
    expect((await db.certificateJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("running");
    const next = certificateWorker(db, unreachablePool, new AbortController().signal);
    await next.pass();
    await next.idle();
    const row = await db.certificateJob.findUniqueOrThrow({ where: { id: job.id } });
    expect([row.status, row.error]).toEqual(["failed", expect.stringMatching(/^interrupted by a restart; /)]);
    await next.pass();
    expect(next.busy()).toBe(false);
  });
});
