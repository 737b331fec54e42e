/**
 * Vitest global set-up of the `postgres` project: migrates a template database once with the normal
 * migrateDatabase (so "migrations applied on start" runs on PostgreSQL too); every test file then
 * copies it (lib/db/__testing__/test-database.ts). Dropped at the end.
 */
import { databaseUrlOn, dropTestDatabase, TEMPLATE_DATABASE, testServerUrl } from "./postgres-database";
import pg from "pg";

export default async function setup(): Promise<() => Promise<void>> {
  const url = databaseUrlOn(testServerUrl(), TEMPLATE_DATABASE);
  await dropTestDatabase(url);
  const admin = new pg.Client({ connectionString: testServerUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${TEMPLATE_DATABASE}"`).finally(() => admin.end());
  const saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = url;
  try {
    await (await import("@/lib/db/migrate")).migrateDatabase();
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
  return () => dropTestDatabase(url);
}
