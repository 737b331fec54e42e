/**
 * Writes the traffic charts' points. One statement of one fixed shape however many rows (the rows go
 * in as one JSON parameter, expanded by SQLite's json_each or PostgreSQL's jsonb_array_elements): Prisma's createMany compiles a query plan
 * per row count and cost the poller ~1.4 ms CPU per write against ~0.35 ms for this
 * (scripts/bench/poll-cost.ts --sink --charts).
 */
import type { Database } from "@/lib/db/client";
import { perDialect } from "@/lib/db/dialect";

export interface TrafficSampleRow {
  nodeId: string;
  /** 2 (a poll's rates) or 60 (a minute's means). */
  step: number;
  /** Epoch ms. */
  at: number;
  /** {"f:NAME"|"b:NAME": [requests/s, sessions, 4xx/s, 5xx/s]} as JSON text. */
  data: string;
}

/** A DateTime as Prisma's SQLite adapter stores it (ISO text, "+00:00"), so its filters and order hold. */
export function sqliteDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, "+00:00");
}

export async function insertTrafficSamples(db: Database, rows: readonly TrafficSampleRow[]): Promise<void> {
  if (rows.length === 0) return;
  await perDialect(db, {
    sqlite: () => {
      const json = JSON.stringify(
        rows.map((row) => [row.nodeId, row.step, sqliteDateTime(row.at), row.data]),
      );
      return db.$executeRaw`INSERT INTO "TrafficSample" ("nodeId", "step", "at", "data")
        SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(${json})`;
    },
    // Prisma keeps DateTime as timestamp(3) in UTC: epoch ms in, converted at UTC whatever the session's zone.
    postgres: () => {
      const json = JSON.stringify(rows.map((row) => [row.nodeId, row.step, row.at, row.data]));
      return db.$executeRaw`INSERT INTO "TrafficSample" ("nodeId", "step", "at", "data")
        SELECT value ->> 0, (value ->> 1)::int, to_timestamp((value ->> 2)::float8 / 1000) AT TIME ZONE 'UTC', value ->> 3
        FROM jsonb_array_elements(${json}::jsonb)`;
    },
  });
}
