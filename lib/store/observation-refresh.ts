/**
 * Moves the newest history row of unchanged nodes forward: one statement however many nodes (the rows
 * go in as one JSON parameter, as traffic-samples.ts does). One `updateMany` per node made a batch
 * transaction of 20–30 statements; on PostgreSQL each waits for its answer on the agents' busy event
 * loop, and at 1,000 nodes batches ran past Prisma's 5 s transaction timeout and were lost
 * (scripts/bench/scale.ts --postgres).
 */
import type { Prisma } from "@/generated/prisma/client";
import type { Database } from "@/lib/db/client";
import { perDialect } from "@/lib/db/dialect";
import { sqliteDateTime } from "./traffic-samples";

export interface ObservationRefresh {
  nodeId: string;
  /** The row's time now (the node's newest row is the one at this time). */
  from: Date;
  to: Date;
  /** The advert counters as JSON text, or null. */
  adverts: string | null;
}

/** The update as a statement to run in a batch transaction; it answers the nodes whose row was found. */
export function refreshObservationRows(
  db: Database,
  refreshes: readonly ObservationRefresh[],
): Prisma.PrismaPromise<{ nodeId: string }[]> {
  return perDialect(db, {
    sqlite: () => {
      const json = JSON.stringify(
        refreshes.map((r) => [
          r.nodeId,
          sqliteDateTime(r.from.getTime()),
          sqliteDateTime(r.to.getTime()),
          r.adverts,
        ]),
      );
      return db.$queryRaw<
        { nodeId: string }[]
      >`UPDATE "NodeObservation" SET "at" = j.value ->> 2, "adverts" = j.value ->> 3
        FROM json_each(${json}) AS j
        WHERE "NodeObservation"."nodeId" = j.value ->> 0 AND "NodeObservation"."at" = j.value ->> 1
        RETURNING "NodeObservation"."nodeId"`;
    },
    // Prisma keeps DateTime as timestamp(3) in UTC: an ISO time cast to it is that UTC time, exactly.
    postgres: () => {
      const json = JSON.stringify(
        refreshes.map((r) => [r.nodeId, r.from.toISOString(), r.to.toISOString(), r.adverts]),
      );
      return db.$queryRaw<{ nodeId: string }[]>`UPDATE "NodeObservation" AS o
        SET "at" = (j.value ->> 2)::timestamp(3), "adverts" = (j.value ->> 3)::jsonb
        FROM jsonb_array_elements(${json}::jsonb) AS j
        WHERE o."nodeId" = j.value ->> 0 AND o."at" = (j.value ->> 1)::timestamp(3)
        RETURNING o."nodeId"`;
    },
  });
}
