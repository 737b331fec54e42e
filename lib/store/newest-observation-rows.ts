/**
 * Each node's newest observation row, for many nodes in two statements: the ids of the newest rows
 * (a correlated MAX over the (nodeId, at) index, the same SQL on SQLite and PostgreSQL), then those
 * rows. The alert evaluator reads every cluster this way (the overview uses newest-observations.ts, which
 * also keeps parsed rows); one `findFirst` per node cost a Prisma round each, most of a 500-cluster round
 * (scripts/bench/scale.ts).
 */
import { Prisma } from "@/generated/prisma/client";
import type { Database } from "@/lib/db/client";

export interface ObservationRow {
  nodeId: string;
  at: Date;
  data: unknown;
  adverts: unknown;
}

/** Statements carry their node ids as parameters: at most this many at once (Prisma allows SQLite 999). */
const IDS_PER_STATEMENT = 500;

export async function newestObservationRows(
  db: Database,
  nodeIds: readonly string[],
): Promise<Map<string, ObservationRow>> {
  const newest = new Map<string, ObservationRow>();
  const unique = [...new Set(nodeIds)];
  for (let i = 0; i < unique.length; i += IDS_PER_STATEMENT) {
    const chunk = unique.slice(i, i + IDS_PER_STATEMENT);
    const ids = await db.$queryRaw<{ id: number | bigint }[]>`
      SELECT o."id" FROM "NodeObservation" o
      WHERE o."nodeId" IN (${Prisma.join(chunk)})
        AND o."at" = (SELECT MAX(n."at") FROM "NodeObservation" n WHERE n."nodeId" = o."nodeId")`;
    if (ids.length === 0) continue;
    const rows = await db.nodeObservation.findMany({
      where: { id: { in: ids.map((row) => Number(row.id)) } },
      select: { id: true, nodeId: true, at: true, data: true, adverts: true },
      orderBy: { id: "asc" },
    });
    // Two rows of one node at the same time: the later written wins, as findFirst's tie would be either.
    for (const { id: _id, ...row } of rows) newest.set(row.nodeId, row);
  }
  return newest;
}
