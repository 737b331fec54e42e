/**
 * The ACME worker on a database of its own: a pass runs the waiting jobs in the background, one at a
 * time (here: jobs whose revision is gone, so each fails with the reason and no CA or node is asked),
 * and a pass while they run does nothing.
 */
import { describe, expect, it } from "vitest";
import { unreachablePool, useWorkerDatabase } from "../runtime/__testing__/worker-fixture";

const { db, cluster } = await useWorkerDatabase("acme-worker");
const { acmeWorker } = await import("./service");

describe("ACME worker", () => {
  it("runs the waiting jobs one after the other in the background; a pass meanwhile does nothing", async () => {
    const job = (certificate: string, status: string) =>
      db.acmeJob.create({
        data: {
          clusterId: cluster.id,
          revision: 99,
          certificate,
          reason: "issue",
          status,
          steps: [],
          data: {},
        },
      });
    const jobs = [await job("first", "pending"), await job("resumed", "running")];
    const lines: string[] = [];
    const worker = acmeWorker(db, unreachablePool, new AbortController().signal, (line) => lines.push(line));
    await worker.pass();
    expect(worker.busy()).toBe(true);
    await worker.pass(); // still running: nothing scheduled or started beside it
    await worker.idle();
    expect(worker.busy()).toBe(false);
    const rows = await db.acmeJob.findMany({
      where: { id: { in: jobs.map((j) => j.id) } },
      orderBy: [{ finishedAt: "asc" }, { id: "desc" }],
    });
    // The one a previous process left running goes first.
    expect(rows.map((r) => [r.certificate, r.status, r.error])).toEqual([
      ["resumed", "failed", "revision 99 cannot be read (gone, or its secrets cannot be opened)"],
      ["first", "failed", "revision 99 cannot be read (gone, or its secrets cannot be opened)"],
    ]);
  });
});
