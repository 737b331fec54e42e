/**
 * The Prisma client, one per process, on the adapter DATABASE_URL names (lib/db/url.ts).
 * SQLite (better-sqlite3): the web server and the agents process share the file; WAL lets readers run
 * beside the one writer, and a busy timeout makes a writer wait for the other instead of failing.
 * PostgreSQL (pg): the client generated from prisma/postgres/schema.prisma, which is derived from the
 * SQLite schema with the same models, so it offers the same API; it is typed as the SQLite client.
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/generated/prisma-pg/client";
import { databaseFile, databaseProvider, databaseUrl, secureDatabaseFiles } from "./url";

export type Database = PrismaClient;

/** Wraps the driver adapter's factory (the scale benchmark counts the statements that write). */
export type AdapterWrap = <T extends object>(factory: T) => T;

function createSqliteClient(url: string, wrap: AdapterWrap): PrismaClient {
  const file = databaseFile(url);
  secureDatabaseFiles(file);
  const adapter = wrap(new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5_000 }));
  const client = new PrismaClient({ adapter });
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => {});
  return client;
}

function createPostgresClient(url: string, wrap: AdapterWrap): PrismaClient {
  const client = new PostgresPrismaClient({ adapter: wrap(new PrismaPg({ connectionString: url })) });
  // Same models, same generator: only the provider differs (scripts/prisma/postgres-schema.ts).
  return client as unknown as PrismaClient;
}

/** A client of its own on `url` (the process's shared one is `db`). */
export function openDatabase(url = databaseUrl(), wrap: AdapterWrap = (factory) => factory): PrismaClient {
  return databaseProvider(url) === "postgres"
    ? createPostgresClient(url, wrap)
    : createSqliteClient(url, wrap);
}

// Next.js dev re-evaluates modules on every change; keep one client across those reloads.
const globalForDb = globalThis as unknown as { hapairDb?: PrismaClient };
export const db: PrismaClient = globalForDb.hapairDb ?? openDatabase();
if (process.env.NODE_ENV !== "production") globalForDb.hapairDb = db;
