/**
 * The PostgreSQL side of the schema-engine shim (schema-engine.mjs). The Wasm engine runs on the pg
 * adapter, whose executeScript cuts a script at every ";" (so a PL/pgSQL function body breaks), and
 * which does not create Prisma's bookkeeping table. So, as for SQLite, migration scripts are run
 * here, whole, with pg's simple query protocol (several statements in one query): each pending
 * migration in its own transaction, under Prisma's own advisory lock so two processes starting at
 * once apply it once.
 */
import { createHash, randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

// The lock id Prisma's native engine takes around migrations (its error message names it).
const MIGRATE_LOCK = 72707369;

// The engine reads PostgreSQL's catalogs, whose single-byte "char" columns (OID 18: relkind,
// contype, …) the pg adapter has no column type for ("Column type 'char' could not be
// deserialized"). pg already hands them over as one-letter strings; in this process only, they are
// reported as text (OID 25).
const CHAR_OID = 18;
const TEXT_OID = 25;
const addFields = pg.Result.prototype.addFields;
pg.Result.prototype.addFields = function addFieldsWithCharAsText(descriptions) {
  addFields.call(this, descriptions);
  for (const field of this.fields) if (field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
};

export function adapterFactory(url) {
  return new PrismaPg({ connectionString: url });
}

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The same server's maintenance database, for CREATE/DROP DATABASE. */
function maintenanceUrl(url) {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = "/postgres";
  return { url: parsed.toString(), name };
}

const quoteIdent = (name) => `"${name.replaceAll('"', '""')}"`;

export async function cliCommand(url, command) {
  if (command === "can-connect-to-database") return withClient(url, (c) => c.query("SELECT 1"));
  const { url: admin, name } = maintenanceUrl(url);
  if (command === "create-database")
    return withClient(admin, async (c) => {
      const exists = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (exists.rowCount === 0) await c.query(`CREATE DATABASE ${quoteIdent(name)}`);
    });
  if (command === "drop-database")
    return withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`));
  throw new Error(`unsupported schema-engine command: cli ${command}`);
}

const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`;

export async function ensureMigrationsTable(url) {
  await withClient(url, (c) => c.query(MIGRATIONS_TABLE));
}

export async function applyMigrations(url, migrations, scriptOf) {
  return withClient(url, async (db) => {
    await db.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK]);
    try {
      await db.query(MIGRATIONS_TABLE);
      const { rows } = await db.query(
        `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const applied = new Set(rows.map((r) => r.migration_name));
      const appliedNow = [];
      for (const migration of migrations) {
        if (applied.has(migration.path)) continue;
        const script = scriptOf(migration);
        const checksum = createHash("sha256").update(script).digest("hex");
        const id = randomUUID();
        await db.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, applied_steps_count) VALUES ($1, $2, $3, 0)`,
          [id, checksum, migration.path],
        );
        try {
          await db.query(`BEGIN;\n${script}\n;COMMIT;`);
        } catch (error) {
          await db.query("ROLLBACK").catch(() => {});
          await db.query(`UPDATE "_prisma_migrations" SET logs = $1 WHERE id = $2`, [
            String(error.message),
            id,
          ]);
          throw Object.assign(new Error(`Migration ${migration.path} failed: ${error.message}`), {
            code: "P3018",
          });
        }
        await db.query(
          `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
          [id],
        );
        appliedNow.push(migration.path);
      }
      return { appliedMigrationNames: appliedNow };
    } finally {
      await db.query("SELECT pg_advisory_unlock($1)", [MIGRATE_LOCK]).catch(() => {});
    }
  });
}

/** Reset: everything in the public schema goes (the database itself stays, as with the native engine). */
export async function reset(url) {
  await withClient(url, (c) => c.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public"));
}

/** Replays the migrations into a temporary database on the same server; `work` gets its URL. */
export async function withReplayedMigrations(url, migrations, scriptOf, work) {
  const { url: admin } = maintenanceUrl(url);
  const name = `hapair_shadow_${process.pid}_${Date.now()}`;
  await withClient(admin, (c) => c.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const shadow = new URL(url);
  shadow.pathname = `/${name}`;
  try {
    await withClient(shadow.toString(), async (c) => {
      for (const migration of migrations) await c.query(scriptOf(migration));
    });
    return await work(shadow.toString());
  } finally {
    await withClient(admin, (c) => c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
  }
}
