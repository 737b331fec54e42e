/**
 * The newest observation of many nodes in a fixed number of queries, whatever their count (the
 * overview reads 1,000 nodes every second). A row's `data` never changes once written (an unchanged
 * node only has its `at` and `adverts` moved forward), so parsed states are kept by row id and only new
 * rows' JSON is read.
 */
import type { Database } from "@/lib/db/client";
import type { NodeObservation } from "@/lib/status/observation";
import { ImmutableRowCache } from "./immutable-row-cache";
import { observationOfRow } from "./observation-row";

const parsedRows = new ImmutableRowCache<number, NodeObservation>(5_000);

/** Ids per query: the (nodeId, at) lookup binds two values per node, under SQLite's 999 parameters. */
const CHUNK = 400;

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Node id → its newest observation (with the row's time, without the advert counters the overview
 * does not read); nodes never polled are absent. Two queries per 400 nodes, and one more for rows not
 * read before.
 */
export async function newestObservations(
  db: Database,
  nodes: { id: string; name: string }[],
): Promise<Map<string, NodeObservation>> {
  const names = new Map(nodes.map((node) => [node.id, node.name]));
  const rows = new Map<string, { id: number; at: Date }>();
  for (const part of chunks([...names.keys()]))
    for (const [id, row] of await newestRows(db, part)) rows.set(id, row);
  const missing = [...rows.values()].filter((row) => !parsedRows.has(row.id)).map((row) => row.id);
  for (const part of chunks(missing)) {
    const read = await db.nodeObservation.findMany({
      where: { id: { in: part } },
      select: { id: true, nodeId: true, at: true, data: true },
    });
    for (const row of read) parsedRows.set(row.id, observationOfRow(row, names.get(row.nodeId)));
  }
  const found = new Map<string, NodeObservation>();
  for (const [nodeId, row] of rows) {
    const observation = parsedRows.get(row.id);
    if (observation) found.set(nodeId, { ...observation, at: row.at.toISOString() });
  }
  return found;
}

type NewestRow = { id: number; at: Date };

/**
 * The id and time of each node's newest row (the higher id when two share the newest time). The sink
 * moves an unchanged node's newest `at` forward at any moment, also between the two queries: a node
 * whose row moved is asked again (its row only moves forward), then read on its own.
 */
async function newestRows(db: Database, nodeIds: string[]): Promise<Map<string, NewestRow>> {
  const rows = new Map<string, NewestRow>();
  let asked = nodeIds;
  for (let round = 0; round < 3 && asked.length > 0; round += 1) {
    const { found, moved } = await newestRowsOnce(db, asked);
    for (const [nodeId, row] of found) rows.set(nodeId, row);
    asked = moved;
  }
  for (const nodeId of asked) {
    const row = await db.nodeObservation.findFirst({
      where: { nodeId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      select: { id: true, at: true },
    });
    if (row) rows.set(nodeId, row);
  }
  return rows;
}

async function newestRowsOnce(
  db: Database,
  nodeIds: string[],
): Promise<{ found: Map<string, NewestRow>; moved: string[] }> {
  const found = new Map<string, NewestRow>();
  const newest = await db.nodeObservation.groupBy({
    by: ["nodeId"],
    where: { nodeId: { in: nodeIds } },
    _max: { at: true },
  });
  const times = new Map(newest.flatMap((g) => (g._max.at ? [[g.nodeId, g._max.at.getTime()] as const] : [])));
  if (times.size === 0) return { found, moved: [] };
  // Both columns of the (nodeId, at) index; a row of another node at the same time is dropped below.
  const candidates = await db.nodeObservation.findMany({
    where: {
      nodeId: { in: [...times.keys()] },
      at: { in: [...new Set(times.values())].map((t) => new Date(t)) },
    },
    select: { id: true, nodeId: true, at: true },
  });
  for (const row of candidates) {
    const kept = found.get(row.nodeId);
    if (times.get(row.nodeId) === row.at.getTime() && (!kept || row.id > kept.id)) found.set(row.nodeId, row);
  }
  return { found, moved: [...times.keys()].filter((nodeId) => !found.has(nodeId)) };
}
