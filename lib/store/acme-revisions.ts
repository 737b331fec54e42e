/** The latest revision number of every cluster (an ACME job runs against the revision it was started for). */
import type { Database } from "@/lib/db/client";

export async function latestRevisionNumbers(db: Database): Promise<Map<string, number>> {
  const rows = await db.clusterRevision.groupBy({ by: ["clusterId"], _max: { number: true } });
  return new Map(
    rows.flatMap((r) => (r._max.number === null ? [] : [[r.clusterId, r._max.number] as const])),
  );
}
