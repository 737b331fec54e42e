/**
 * Unit tests: a database of the test file's own, in a temporary folder (see fresh-database.ts for why
 * the client is loaded here by dynamic import and never by a static import in the test).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import type { Database } from "@/lib/db/client";
import { freshDatabaseFile } from "./fresh-database";
import { createTestDatabase, dropTestDatabase, onPostgres, TEMPLATE_DATABASE } from "./postgres-database";

export interface TestDatabase {
  db: Database;
  /** The temporary folder holding the database (and the secret key file), removed after the file's tests. */
  dir: string;
  /** The SQLite file (on PostgreSQL, a path in `dir` that stays absent). */
  file: string;
}

/**
 * Call at a test file's top level (before anything imports the client): a migrated database in a
 * temporary folder for this file's tests, disconnected and removed after them. The keyring's key file
 * is put in the same folder (whatever an earlier file in this worker set), so sealing never touches a real key.
 */
export async function useTestDatabase(name: string): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `hapair-${name}-`));
  process.env.HAPAIR_SECRET_KEY_FILE = join(dir, "secret.key");
  if (onPostgres()) return usePostgresTestDatabase(name, dir);
  const file = freshDatabaseFile(join(dir, `${name}.db`));
  const { db } = await import("@/lib/db/client");
  const { migrateDatabase } = await import("@/lib/db/migrate");
  // Registered first: migrated before the file's own beforeAll, and (hooks run as a stack) removed after its afterAll.
  beforeAll(migrateDatabase);
  afterAll(async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, dir, file };
}

// A copy of the migrated template (postgres-global-setup.ts), dropped after the file's tests.
async function usePostgresTestDatabase(name: string, dir: string): Promise<TestDatabase> {
  const url = await createTestDatabase(name, TEMPLATE_DATABASE);
  process.env.DATABASE_URL = url;
  const { db } = await import("@/lib/db/client");
  afterAll(async () => {
    await db.$disconnect();
    await dropTestDatabase(url);
    rmSync(dir, { recursive: true, force: true });
  });
  return { db, dir, file: join(dir, `${name}.db`) };
}

/** Saves `definition` (the article pair unless given) as a new cluster in the test's database; its id. */
export async function saveTestCluster(db: Database, definition: unknown = articlePair): Promise<string> {
  const { saveClusterRevision } = await import("@/lib/store/revisions");
  const saved = await saveClusterRevision(db, clusterDefinitionSchema.parse(definition), "test");
  if (!saved.ok)
    throw new Error(`cluster not saved: ${saved.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  return saved.clusterId;
}

/** Another client on the same database (the file, or DATABASE_URL on PostgreSQL), as a second process would have (its own connection); disconnect it after. */
export async function openAnotherClient(file: string): Promise<Database> {
  if (onPostgres()) {
    const { openDatabase } = await import("@/lib/db/client");
    return openDatabase(process.env.DATABASE_URL ?? "");
  }
  const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
  const { PrismaClient } = await import("@/generated/prisma/client");
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5_000 }) });
}
