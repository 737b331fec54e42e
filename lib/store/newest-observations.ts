/**
 * The newest observation of many nodes in a fixed number of statements, whatever their count: the
 * overview reads 1,000 nodes every second, and so does the alert evaluator. A row's `data` never
 * changes once written (an unchanged node only has its `at` and `adverts` moved forward), so parsed
 * states are kept by row id and only new rows' JSON is fetched and parsed; `at` and the advert
 * counters are read fresh each time. Before this cache the evaluator parsed 1,000 observations with
 * zod every round (scripts/bench/alert-rounds.ts).
 */
import { Prisma } from "@/generated/prisma/client";
import type { Database } from "@/lib/db/client";
import type { NodeObservation } from "@/lib/status/observation";
import { ImmutableRowCache } from "./immutable-row-cache";
import { advertWindowsSchema } from "./json-columns";
import { observationOfRow } from "./observation-row";

/** Statements carry their ids as parameters: at most this many at once (Prisma allows SQLite 999). */
const IDS_PER_STATEMENT = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDS_PER_STATEMENT) out.push(items.slice(i, i + IDS_PER_STATEMENT));
  return out;
}

export interface NewestObservationOptions {
  /** Join the advert counters (the alert rules read them; the overview does not). */
  adverts?: boolean;
}

export class NewestObservationReader {
  private readonly states: ImmutableRowCache<number, NodeObservation>;
  /** Rows whose `data` was fetched and parsed (the cache's misses). */
  parsed = 0;

  constructor(max = 5_000) {
    this.states = new ImmutableRowCache(max);
  }

  /** Node id → its newest observation with the row's time; nodes never polled are absent. */
  async read(
    db: Database,
    nodes: readonly { id: string; name: string }[],
    options: NewestObservationOptions = {},
  ): Promise<Map<string, NodeObservation>> {
    const names = new Map(nodes.map((node) => [node.id, node.name]));
    const rows = await newestRows(db, [...names.keys()], options.adverts ?? false);
    const missing = rows.filter((row) => !this.states.has(row.id)).map((row) => row.id);
    for (const part of chunks(missing)) {
      const read = await db.nodeObservation.findMany({
        where: { id: { in: part } },
        select: { id: true, nodeId: true, at: true, data: true },
      });
      for (const row of read) this.states.set(row.id, observationOfRow(row, names.get(row.nodeId)));
      this.parsed += read.length;
    }
    const found = new Map<string, NodeObservation>();
    for (const row of rows) {
      const state = this.states.get(row.id);
      if (!state) continue; // pruned between the two reads: as if never polled, for one read
      const adverts = row.adverts == null ? null : advertWindowsSchema.safeParse(row.adverts);
      found.set(row.nodeId, {
        ...state,
        at: row.at.toISOString(),
        ...(adverts?.success ? { adverts: adverts.data } : {}),
      });
    }
    return found;
  }
}

interface NewestRow {
  id: number;
  nodeId: string;
  at: Date;
  adverts?: unknown;
}

/**
 * Each node's newest row (id, time, and the advert counters when asked): per node, one seek down
 * the (nodeId, at) index, the same SQL on SQLite and PostgreSQL, all in one statement, so the sink
 * moving a row's time meanwhile cannot make a node's newest row be missed. Two rows of one node at the
 * same time: the later written wins. (`at = MAX(at)` over the node's rows read all of its hour of
 * history: 180 ms per 500 nodes at 300 rows each, scripts/bench/alert-rounds.ts.)
 */
async function newestRows(db: Database, nodeIds: readonly string[], adverts: boolean): Promise<NewestRow[]> {
  const rows: NewestRow[] = [];
  for (const chunk of chunks([...new Set(nodeIds)])) {
    const newest = await db.$queryRaw<{ id: number | bigint | null }[]>`
      SELECT (SELECT o."id" FROM "NodeObservation" o WHERE o."nodeId" = n."id"
              ORDER BY o."at" DESC, o."id" DESC LIMIT 1) AS "id"
      FROM "Node" n WHERE n."id" IN (${Prisma.join(chunk)})`;
    const ids = newest.flatMap((row) => (row.id === null ? [] : [Number(row.id)]));
    if (ids.length === 0) continue;
    // Read after the ids: a row's time may have moved forward since, which is its newer time.
    rows.push(
      ...(await db.nodeObservation.findMany({
        where: { id: { in: ids } },
        select: { id: true, nodeId: true, at: true, adverts },
      })),
    );
  }
  return rows;
}

/** The one reader of the process: the overview (web) and the alert evaluator (agents) each use theirs. */
const shared = new NewestObservationReader();

export function newestObservations(
  db: Database,
  nodes: readonly { id: string; name: string }[],
  options: NewestObservationOptions = {},
): Promise<Map<string, NodeObservation>> {
  return shared.read(db, nodes, options);
}
