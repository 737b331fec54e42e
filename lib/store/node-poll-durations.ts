/**
 * Stores the poller's poll-duration histograms on the node rows (read by /api/metrics). One statement
 * of one fixed shape for any number of nodes (the pairs go in as one JSON parameter), so writing them
 * costs the same as one row.
 */
import type { Database } from "@/lib/db/client";
import { perDialect } from "@/lib/db/dialect";
import type { PollDurations } from "@/lib/metrics/poll-durations";

export async function writePollDurations(
  db: Database,
  byNode: ReadonlyMap<string, PollDurations>,
): Promise<void> {
  if (byNode.size === 0) return;
  const json = JSON.stringify([...byNode].map(([nodeId, durations]) => [nodeId, JSON.stringify(durations)]));
  await perDialect(db, {
    sqlite: () => db.$executeRaw`UPDATE "Node" SET "pollDurations" =
        (SELECT value ->> 1 FROM json_each(${json}) WHERE value ->> 0 = "Node"."id")
      WHERE "id" IN (SELECT value ->> 0 FROM json_each(${json}))`,
    postgres: () => db.$executeRaw`UPDATE "Node" SET "pollDurations" =
        (SELECT (value ->> 1)::jsonb FROM jsonb_array_elements(${json}::jsonb) WHERE value ->> 0 = "Node"."id")
      WHERE "id" IN (SELECT value ->> 0 FROM jsonb_array_elements(${json}::jsonb))`,
  });
}
