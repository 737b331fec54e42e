/**
 * A lab test's own throw-away PostgreSQL server (e2e/postgres/server.ts), started in beforeAll and
 * stopped (folder removed) in afterAll whatever the test did; scripts/test-lab.sh stops the same
 * folder again at its exit in case vitest itself was killed. Folder and port: HAPAIR_LAB_PG_DIR and
 * HAPAIR_LAB_PG_PORT, by default per pair (/tmp/hapair-pg-<pair>, 55500 + the pair's number), so
 * shards on other pairs and the postgres phase's server (55432) never meet it.
 */
import { afterAll, beforeAll } from "vitest";
import { testPair } from "@/e2e/lab/control";
import { pgServer, startServer, stopServer, type PgServer } from "@/e2e/postgres/server";
import type { Database } from "@/lib/db/client";
import { openMigratedDatabase } from "@/lib/db/__testing__/fresh-database";
import { createTestDatabase } from "@/lib/db/__testing__/postgres-database";

export function labPgServer(env: NodeJS.ProcessEnv = process.env): PgServer {
  const pair = testPair().name;
  const n = Number(/^lab-(\d+)$/.exec(pair)?.[1] ?? 1);
  return pgServer({
    ...env,
    HAPAIR_PG_DIR: env.HAPAIR_LAB_PG_DIR ?? `/tmp/hapair-pg-${pair}`,
    HAPAIR_PG_PORT: env.HAPAIR_LAB_PG_PORT ?? String(55500 + n),
  });
}

/**
 * Call at the test file's top level, before anything imports the Prisma client: a migrated database
 * on the lab's own server, DATABASE_URL pointing at it (agents processes the test spawns inherit it).
 */
export function useLabPostgres(name: string): { db: () => Database } {
  const server = labPgServer();
  let db: Database | undefined;
  beforeAll(async () => {
    const started = Date.now();
    process.env.HAPAIR_TEST_PG_URL = startServer(server);
    process.env.DATABASE_URL = await createTestDatabase(name);
    db = await openMigratedDatabase();
    console.log(`[lab-postgres] server on port ${server.port} up and migrated in ${Date.now() - started} ms`);
  }, 120_000);
  afterAll(async () => {
    try {
      await db?.$disconnect();
    } finally {
      stopServer(server);
    }
  }, 60_000);
  return {
    db: () => {
      if (!db) throw new Error("the lab's PostgreSQL database is not open yet (use it from beforeAll on)");
      return db;
    },
  };
}
