/**
 * What the last succeeded rollout of every cluster installed, for the drift rule, in two statements
 * whatever the count: the newest succeeded rollout id per cluster, then the plans of ids not read
 * before. A succeeded rollout's plan never changes (it is written while planning), so what is read of
 * it is kept by rollout id; a new rollout is a new id. One `lastPushed` per cluster was 500 queries
 * every few seconds (scripts/bench/alert-rounds.ts).
 */
import type { Database } from "@/lib/db/client";
import { ImmutableRowCache } from "./immutable-row-cache";
import { pushedOfPlan } from "./rollouts";

/** Per node, then per file: the checksum installed. */
export type Pushed = Record<string, Record<string, string>>;

export type PushedCache = ImmutableRowCache<number, Pushed | null>;

export const pushedCache = (): PushedCache => new ImmutableRowCache(2_000);

/** The files the probes checksum too; a rollout also installs the notify hook, which polls do not read. */
const POLLED_FILES = ["haproxy.cfg", "keepalived.conf"] as const;

/** Under SQLite's 999 parameters. */
const IDS_PER_STATEMENT = 500;

/** Cluster id → what its newest succeeded rollout pushed; clusters without one (or with an unreadable plan) are absent. */
export async function pushedChecksums(
  db: Database,
  cache: PushedCache = pushedCache(),
): Promise<Map<string, Pushed>> {
  const newest = await db.rollout.groupBy({
    by: ["clusterId"],
    where: { status: "succeeded" },
    _max: { id: true },
  });
  const ids = newest.flatMap((group) => (group._max.id === null ? [] : [group._max.id]));
  const missing = ids.filter((id) => !cache.has(id));
  for (let from = 0; from < missing.length; from += IDS_PER_STATEMENT) {
    const rows = await db.rollout.findMany({
      where: { id: { in: missing.slice(from, from + IDS_PER_STATEMENT) } },
      select: { id: true, plan: true },
    });
    for (const row of rows) cache.set(row.id, polledFiles(pushedOfPlan(row.plan)));
  }
  const result = new Map<string, Pushed>();
  for (const group of newest) {
    const pushed = group._max.id === null ? undefined : cache.get(group._max.id);
    if (pushed) result.set(group.clusterId, pushed);
  }
  return result;
}

function polledFiles(byNode: Record<string, Partial<Record<string, string>>> | null): Pushed | null {
  if (!byNode) return null;
  return Object.fromEntries(
    Object.entries(byNode).map(([node, files]) => [
      node,
      Object.fromEntries(POLLED_FILES.flatMap((role) => (files[role] ? [[role, files[role]]] : []))),
    ]),
  );
}
