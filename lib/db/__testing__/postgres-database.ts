/**
 * Tests on PostgreSQL (HAPAIR_TEST_DATABASE=postgres, the `postgres` phase of scripts/test.sh): each
 * test file gets a database of its own on the throw-away server (e2e/postgres/server.ts), copied from a
 * template that the suite's global set-up migrated once with the normal migrateDatabase.
 */
import pg from "pg";

export const onPostgres = (): boolean => process.env.HAPAIR_TEST_DATABASE === "postgres";

/** The throw-away server's maintenance database. */
export function testServerUrl(): string {
  return process.env.HAPAIR_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:55432/postgres";
}

export const TEMPLATE_DATABASE = "hapair_test_template";

export function databaseUrlOn(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A new empty database on the test server, or a copy of `template`; its URL. */
export async function createTestDatabase(name: string, template?: string): Promise<string> {
  const safe = `${name.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${process.pid}_${Date.now().toString(36)}`;
  await admin((c) => c.query(`CREATE DATABASE "${safe}"${template ? ` TEMPLATE "${template}"` : ""}`));
  return databaseUrlOn(testServerUrl(), safe);
}

export async function dropTestDatabase(url: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`));
}
