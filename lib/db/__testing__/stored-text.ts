/**
 * For "never stored in clear" tests: the places of a test database that hold `needle`. SQLite: the
 * database file and its WAL after a checkpoint, read as bytes. PostgreSQL: every row of every table
 * of the public schema, as text.
 */
import { existsSync, readFileSync } from "node:fs";
import type { Database } from "@/lib/db/client";
import { dialectOf } from "@/lib/db/dialect";

export async function placesHolding(db: Database, file: string, needle: string): Promise<string[]> {
  if (dialectOf(db) === "sqlite") {
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    return [file, `${file}-wal`, `${file}-shm`].filter(
      (f) => existsSync(f) && readFileSync(f).includes(needle),
    );
  }
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const holding: string[] = [];
  for (const { name } of tables) {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const [hit] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${quoted} t WHERE strpos(t::text, $1) > 0`,
      needle,
    );
    if ((hit?.n ?? 0) > 0) holding.push(`table ${name}`);
  }
  return holding;
}
