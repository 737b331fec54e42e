/**
 * The Prisma client, one per process, on the better-sqlite3 adapter. The web server and the agents
 * process share the SQLite file: WAL lets readers run beside the one writer, and a busy timeout makes
 * a writer wait for the other instead of failing.
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/generated/prisma/client";
import { databaseFile, secureDatabaseFiles } from "./url";

export type Database = PrismaClient;

function createClient(): PrismaClient {
  const file = databaseFile();
  secureDatabaseFiles(file);
  const adapter = new PrismaBetterSqlite3({ url: `file:${file}`, timeout: 5_000 });
  const client = new PrismaClient({ adapter });
  void client.$queryRawUnsafe("PRAGMA journal_mode = WAL").catch(() => {});
  return client;
}

// Next.js dev re-evaluates modules on every change; keep one client across those reloads.
const globalForDb = globalThis as unknown as { hapairDb?: PrismaClient };
export const db: PrismaClient = globalForDb.hapairDb ?? createClient();
if (process.env.NODE_ENV !== "production") globalForDb.hapairDb = db;
