/**
 * The one seam between SQLite and PostgreSQL: the few statements Prisma cannot express (one-statement
 * bulk writes over a JSON parameter, JSON edits done by the database, a transaction's lock) have a
 * form per dialect, picked by the client (or transaction) they run on. Everything else goes through
 * Prisma's API and is the same on both.
 */
import type { Prisma, PrismaClient } from "@/generated/prisma/client";

export type SqlDialect = "sqlite" | "postgres";

type Queryable = PrismaClient | Prisma.TransactionClient;

/**
 * The dialect of a client or of a transaction on it, read from the provider Prisma's runtime keeps on
 * both (`_activeProvider`, set from the generated client; lib/db/dialect.test.ts checks it).
 */
export function dialectOf(db: Queryable): SqlDialect {
  const provider = (db as unknown as { _activeProvider?: unknown })._activeProvider;
  return provider === "postgresql" ? "postgres" : "sqlite";
}

/** Runs the form of a statement that fits `db`'s database. */
export function perDialect<T>(db: Queryable, forms: Record<SqlDialect, () => T>): T {
  return forms[dialectOf(db)]();
}

/**
 * Call first in an interactive transaction that must not run beside another one of the same `key`
 * (count-then-insert). SQLite has one writer at a time: a transaction that writes first already holds
 * the lock. PostgreSQL runs transactions side by side: a transaction-scoped advisory lock on the key
 * makes the second wait for the first to commit.
 */
export async function serializeTransaction(tx: Prisma.TransactionClient, key: string): Promise<void> {
  if (dialectOf(tx) === "postgres") await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${key}))`;
}
