/**
 * Tests, lab tests, benches and browser specs: a database of their own. The Prisma client binds to
 * DATABASE_URL when it is first imported, so the URL is set before the client is loaded (by dynamic
 * import). No vitest here: Playwright specs and bench scripts use it too.
 */
import { mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { Database } from "@/lib/db/client";

/** Points DATABASE_URL at `file`, removing what an earlier run left there (lab tests keep theirs under data/). */
export function freshDatabaseFile(file: string): string {
  mkdirSync(dirname(file), { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
  process.env.DATABASE_URL = `file:${file}`;
  return file;
}

/** The client on DATABASE_URL, migrated; call after the URL is set. */
export async function openMigratedDatabase(): Promise<Database> {
  const { db } = await import("@/lib/db/client");
  await (await import("@/lib/db/migrate")).migrateDatabase();
  return db;
}
