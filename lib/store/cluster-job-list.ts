import type { Database } from "@/lib/db/client";

/** The query every job list runs: a cluster's rows, newest first, at most `take`. */
export interface NewestOfCluster {
  where: { clusterId: string };
  orderBy: { id: "desc" };
  take: number;
}

/** `list…(db, clusterId, take?)` for a job table: `find` runs the query on it, `view` shapes each row. */
export function clusterJobList<Row, View>(
  find: (db: Database, query: NewestOfCluster) => Promise<Row[]>,
  view: (row: Row) => View,
  defaultTake = 20,
): (db: Database, clusterId: string, take?: number) => Promise<View[]> {
  return async (db, clusterId, take = defaultTake) =>
    (await find(db, { where: { clusterId }, orderBy: { id: "desc" }, take })).map(view);
}
