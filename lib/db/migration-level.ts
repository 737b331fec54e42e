/**
 * The database's migration level against the code's: the migrations `_prisma_migrations` records
 * versus the folders in prisma/migrations (prisma/postgres/migrations on PostgreSQL). `prisma migrate deploy` applies what is pending but says
 * nothing about a migration it does not know (a database a newer hapair already migrated), and older
 * code on a newer schema writes rows the newer code cannot read; so the processes refuse to run then.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { databaseProvider } from "./url";

const MIGRATIONS = {
  sqlite: fileURLToPath(new URL("../../prisma/migrations", import.meta.url)),
  postgres: fileURLToPath(new URL("../../prisma/postgres/migrations", import.meta.url)),
};

/** The migrations this code ships for the database in use, oldest first (folder names sort by their UTC timestamp). */
export function codeMigrations(folder = MIGRATIONS[databaseProvider()]): string[] {
  return readdirSync(/* turbopackIgnore: true */ folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export interface AppliedMigration {
  name: string;
  /** False when Prisma started it and it did not finish (a failed migration). */
  finished: boolean;
}

export interface MigrationLevel {
  /** Applied in the database, unknown to this code: the database is newer. */
  unknown: string[];
  /** In the code, not applied yet: the next start applies them. */
  pending: string[];
  /** Started and not finished. */
  failed: string[];
  applied: number;
}

export function migrationLevel(applied: AppliedMigration[], code: string[]): MigrationLevel {
  const known = new Set(code);
  const done = new Set(applied.filter((m) => m.finished).map((m) => m.name));
  return {
    unknown: [...done].filter((name) => !known.has(name)).sort(),
    pending: code.filter((name) => !done.has(name)),
    failed: applied.filter((m) => !m.finished && !done.has(m.name)).map((m) => m.name),
    applied: done.size,
  };
}

/** Null when this code may run on the database; else the message to stop with. */
export function newerDatabaseMessage(level: MigrationLevel, what = "the database"): string | null {
  if (level.unknown.length === 0) return null;
  const names = level.unknown.slice(0, 5).join(", ") + (level.unknown.length > 5 ? ", …" : "");
  return (
    `${what} is newer than this hapair: it has ${level.unknown.length} migration(s) this code does not ` +
    `know (${names}). Run the hapair version that migrated it, or restore a backup taken before that ` +
    `upgrade; refusing to start rather than write rows that version cannot read.`
  );
}

/** Rows of `_prisma_migrations` as any driver returns them (no table yet: nothing applied). */
export const APPLIED_MIGRATIONS_SQL =
  'SELECT migration_name AS name, finished_at AS finished FROM "_prisma_migrations" WHERE rolled_back_at IS NULL';

export function toAppliedMigrations(rows: { name: unknown; finished: unknown }[]): AppliedMigration[] {
  return rows.map((row) => ({ name: String(row.name), finished: row.finished !== null }));
}

export const isMissingTable = (error: unknown) =>
  error instanceof Error && /no such table|does not exist/i.test(error.message);

interface RawQuery {
  $queryRawUnsafe<T>(sql: string): Promise<T>;
}

/** EX_CONFIG: the processes exit with it, and the systemd unit does not restart on it (deploy/systemd). */
export const NEWER_DATABASE_EXIT_CODE = 78;

export class NewerDatabaseError extends Error {
  override name = "NewerDatabaseError";
}

/** The exit code for an error that stopped a process's start. */
export const startFailureExitCode = (error: unknown) =>
  error instanceof NewerDatabaseError ? NEWER_DATABASE_EXIT_CODE : 1;

/** Throws the newer-database message; for the web and agents processes at start. */
export async function refuseNewerDatabase(db: RawQuery, code = codeMigrations()): Promise<void> {
  const rows = await db
    .$queryRawUnsafe<{ name: unknown; finished: unknown }[]>(APPLIED_MIGRATIONS_SQL)
    .catch((error: unknown) => {
      if (isMissingTable(error)) return [];
      throw error;
    });
  const message = newerDatabaseMessage(migrationLevel(toAppliedMigrations(rows), code));
  if (message) throw new NewerDatabaseError(message);
}
