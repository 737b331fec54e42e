/**
 * The set-up the poller lab tests share: a migrated database file of their own under data/, an SSH
 * pool, lab pairs saved as clusters, the real poller service in this process reading them, and after
 * the file's tests the service stopped, the pool closed and the database let go.
 */
import { resolve } from "node:path";
import { afterAll } from "vitest";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import { freshDatabaseFile, openMigratedDatabase } from "@/lib/db/__testing__/fresh-database";
import { createSshPool } from "@/lib/ssh";

/** `database` names the file under data/; `poolOptions` go to the SSH pool (say, a quicker backoff). */
export async function usePollerLab(database: string, poolOptions?: Parameters<typeof createSshPool>[0]) {
  freshDatabaseFile(resolve("data", `${database}.db`));
  const db = await openMigratedDatabase();
  // Loaded after the database URL is set: they bind the Prisma client when first imported.
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  const { getClusterLive } = await import("@/lib/store/cluster-live");
  const { startPollerService } = await import("@/agents/poller/poller-service");

  const pool = createSshPool(poolOptions);
  let service: { stop(): Promise<void> } | null = null;
  /** Each saved cluster's id by its name. */
  const clusterIds: Record<string, string> = {};

  afterAll(async () => {
    await service?.stop();
    pool.closeAll();
    await db.$disconnect();
  });

  const live = (cluster: string) => getClusterLive(db, clusterIds[cluster] ?? "");
  return {
    db,
    pool,
    clusterIds,
    /** Saves each definition as a cluster (its id under its name in `clusterIds`). */
    async save(definitions: ClusterDefinition[]): Promise<void> {
      for (const definition of definitions) {
        const saved = await saveClusterRevision(db, definition, "test");
        if (!saved.ok) throw new Error(saved.issues.map((i) => `${i.path}: ${i.message}`).join("; "));
        clusterIds[definition.name] = saved.clusterId;
      }
    },
    /** Starts the poller service over the saved clusters. */
    start(): void {
      service = startPollerService(db, pool);
    },
    /** Stops the service, closes every SSH connection and starts it again, as a process restart would. */
    async restart(): Promise<void> {
      await service?.stop();
      pool.closeAll();
      service = startPollerService(db, pool);
    },
    live,
    /** The cluster's live nodes (none before its first observation). */
    liveNodes: async (cluster: string) => (await live(cluster))?.nodes ?? [],
  };
}
