/**
 * A writer for the backup test, run as its own process (as the agents are): one cluster, then
 * transaction after transaction, each inserting revision N, rollout N and audit row "seq-N" together,
 * until SIGTERM or MAX_WRITES. Prints "ready" once the first transaction committed.
 */
import { db } from "@/lib/db/client";

const MAX_WRITES = Number(process.argv[2] ?? "5000");
let stopping = false;
process.on("SIGTERM", () => (stopping = true));

const cluster = await db.cluster.create({ data: { name: "backup-under-load" } });
for (let n = 1; n <= MAX_WRITES && !stopping; n++) {
  await db.$transaction(async (tx) => {
    await tx.clusterRevision.create({
      data: { clusterId: cluster.id, number: n, spec: { n }, author: "writer" },
    });
    await tx.rollout.create({ data: { clusterId: cluster.id, revision: n, requestedBy: "writer" } });
    await tx.auditEntry.create({ data: { actor: "writer", action: "test.write", target: `seq-${n}` } });
  });
  if (n === 1) console.log("ready");
  // Let the signal in between transactions, never inside one.
  await new Promise((resolve) => setImmediate(resolve));
}
await db.$disconnect();
