/**
 * The certificate worker on a database of its own: a job a previous agents process left running is
 * failed on the first pass, pending ones are claimed and run in the background (here: one whose
 * certificate is gone, so no node is asked), and a later pass finds nothing left to claim.
 */
import { describe, expect, it } from "vitest";
import { unreachablePool, useWorkerDatabase } from "../runtime/__testing__/worker-fixture";

const { db, cluster } = await useWorkerDatabase("certificate-worker");
const { certificateWorker } = await import("./service");

describe("certificate worker", () => {
  it("fails what was left running, then claims and runs each pending job in the background", async () => {
    // One left running by a previous agents process, one pending for a certificate removed since.
    const common = { clusterId: cluster.id, fingerprint: "F", requestedBy: "t" };
    await db.certificateJob.createMany({
      data: [
        { ...common, name: "left", path: "/etc/haproxy/left.pem", status: "running" },
        { ...common, name: "gone", path: "/etc/haproxy/gone.pem", status: "pending" },
      ],
    });
    const worker = certificateWorker(db, unreachablePool, new AbortController().signal);
    await worker.pass();
    await worker.idle();
    expect(worker.busy()).toBe(false);
    const rows = await db.certificateJob.findMany({
      where: { clusterId: cluster.id },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => [r.name, r.status, r.error])).toEqual([
      ["left", "failed", "the agents stopped while it ran: run it again"],
      ["gone", "failed", "the certificate was removed"],
    ]);
    await worker.pass();
    expect(worker.busy()).toBe(false);
  });
});
