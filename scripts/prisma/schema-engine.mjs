#!/usr/bin/env node
/**
 * Stands in for Prisma's native schema-engine binary, which cannot be downloaded on these machines.
 * The Prisma CLI starts it (PRISMA_SCHEMA_ENGINE_BINARY, set in prisma.config.ts) with
 * `--datamodels FILE… --datasource JSON` and speaks newline-delimited JSON-RPC over stdio; every call is
 * forwarded to Prisma's published WebAssembly schema engine running on the better-sqlite3 adapter, or on
 * the pg adapter for a postgres:// URL (prisma.postgres.config.ts; the PostgreSQL parts are in
 * schema-engine-postgres.mjs).
 * Where the Wasm engine behaves differently from the native one, the difference is handled here
 * (each place says why). Versions are pinned exactly in package.json: this relies on internals.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import Database from "better-sqlite3";

const args = process.argv.slice(2);
const datamodelPaths = [];
let datasource = {};
let cliCommand = null;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--datamodels") datamodelPaths.push(args[++i]);
  else if (args[i] === "--datasource") datasource = JSON.parse(args[++i] ?? "{}");
  else if (args[i] === "cli") cliCommand = args[++i] ?? "";
  else if (args[i] === "--version" || args[i] === "-V") {
    process.stdout.write("schema-engine-cli wasm-shim\n");
    process.exit(0);
  }
}

const url = datasource.url ?? process.env.DATABASE_URL;
const postgres = /^postgres(ql)?:\/\//.test(url ?? "") ? await import("./schema-engine-postgres.mjs") : null;
if (!url?.startsWith("file:") && !postgres)
  fatal(
    `the hapair schema-engine shim supports SQLite file: and postgres:// URLs only (got ${url ?? "none"})`,
  );
const dbFile = postgres ? "" : url.slice("file:".length).split("?")[0];

// One-shot commands (`cli NAME`): the CLI waits for the exit code instead of speaking JSON-RPC.
// For a SQLite file, connecting creates it, and dropping deletes it.
if (cliCommand !== null && postgres) {
  try {
    await postgres.cliCommand(url, cliCommand);
  } catch (error) {
    fatal(String(error?.message ?? error));
  }
  process.exit(0);
}
if (cliCommand !== null) {
  if (cliCommand === "can-connect-to-database" || cliCommand === "create-database") {
    mkdirSync(dirname(dbFile), { recursive: true });
    new Database(dbFile).close();
  } else if (cliCommand === "drop-database") {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${dbFile}${suffix}`, { force: true });
  } else {
    fatal(`unsupported schema-engine command: cli ${cliCommand}`);
  }
  process.exit(0);
}

function log(level, message) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message } })}\n`,
  );
}

function fatal(message) {
  log("ERROR", message);
  process.exit(1);
}

async function startEngine() {
  const datamodels = datamodelPaths.length
    ? datamodelPaths.map((path) => [path, readFileSync(path, "utf8")])
    : undefined;
  const adapter = bindMigrationAwareSqlAdapterFactory(
    postgres ? postgres.adapterFactory(url) : new PrismaBetterSqlite3({ url: `file:${dbFile}` }),
  );
  // The Wasm engine's log lines are already the JSON the CLI reads from stderr.
  return SchemaEngine.new(
    { datamodels },
    (line) => process.stderr.write(line.endsWith("\n") ? line : `${line}\n`),
    adapter,
  );
}

// The package's entry imports the .wasm file as an ES module (a bundler feature Node lacks):
// instantiate it by hand with the package's own JS bindings.
async function loadWasm() {
  const wasmUrl = new URL(
    "schema_engine_bg.wasm",
    import.meta.resolve("@prisma/schema-engine-wasm/schema_engine_bg"),
  );
  const { instance } = await WebAssembly.instantiate(readFileSync(wasmUrl), {
    "./schema_engine_bg.js": engineBindings,
  });
  engineBindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
}

// The Wasm engine reports a Rust panic's message through this global before throwing.
let lastPanic = null;
globalThis.PRISMA_WASM_PANIC_REGISTRY = { set_message: (message) => (lastPanic = message) };

process.on("uncaughtException", (error) => {
  log("ERROR", `schema engine crashed: ${lastPanic ?? error.message}`);
  process.exit(1);
});

await loadWasm();
const { SchemaEngine } = engineBindings;
// Started on first use: two engine instances starting at once in one Wasm module crash it, and a
// migrations diff needs only its own instance.
let engine = null;
async function mainEngine() {
  engine ??= await startEngine();
  return engine;
}

// The Wasm engine does not create Prisma's bookkeeping table on a fresh file, the native one does.
function ensureMigrationsTable() {
  const db = new Database(dbFile);
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
  } finally {
    db.close();
  }
}

function scriptOf(migration) {
  const content = migration.migrationFile.content;
  const script = typeof content === "string" ? content : content?.tag === "ok" ? content.value : null;
  if (typeof script !== "string")
    throw new Error(`cannot read migration ${migration.path}: ${JSON.stringify(content)}`);
  return script;
}

// Migration SQL holds several statements; the Wasm engine hands a migration to the adapter as one
// query, which SQLite cuts after the first statement. Replaying each pending script with
// executeScript (better-sqlite3's exec: all statements) keeps the native engine's behaviour.
async function applyMigrations(params) {
  ensureMigrationsTable();
  const db = new Database(dbFile);
  try {
    const applied = new Set(
      db
        .prepare(
          `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
        .all()
        .map((r) => r.migration_name),
    );
    const appliedNow = [];
    for (const migration of params.migrationsList.migrationDirectories) {
      if (applied.has(migration.path)) continue;
      const script = scriptOf(migration);
      const checksum = createHash("sha256").update(script).digest("hex");
      const id = randomUUID();
      db.prepare(
        `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)`,
      ).run(id, checksum, migration.path, Date.now());
      try {
        db.exec(script);
      } catch (error) {
        db.prepare(`UPDATE _prisma_migrations SET logs = ? WHERE id = ?`).run(String(error.message), id);
        throw Object.assign(new Error(`Migration ${migration.path} failed: ${error.message}`), {
          code: "P3018",
        });
      }
      db.prepare(`UPDATE _prisma_migrations SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`).run(
        Date.now(),
        id,
      );
      appliedNow.push(migration.path);
    }
    return { appliedMigrationNames: appliedNow };
  } finally {
    db.close();
  }
}

const sqliteHandlers = {
  // The CLI may omit the datasource; the Wasm engine requires one.
  getDatabaseVersion: async (params) =>
    (await mainEngine()).version(
      params?.datasource ? params : { datasource: { tag: "ConnectionString", url: `file:${dbFile}` } },
    ),
  applyMigrations,
  async diagnoseMigrationHistory(params) {
    ensureMigrationsTable();
    return (await mainEngine()).diagnoseMigrationHistory(params);
  },
  async devDiagnostic(params) {
    ensureMigrationsTable();
    return (await mainEngine()).devDiagnostic(params);
  },
  async createMigration(params) {
    ensureMigrationsTable();
    return (await mainEngine()).createMigration(params);
  },
  // Reset: the native engine drops the database; for a SQLite file that is deleting it.
  async reset() {
    engine?.free();
    engine = null;
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${dbFile}${suffix}`, { force: true });
    return null;
  },
  // diff prints its script or summary: the native engine sends it back as a "print" request.
  // A migrations directory is replayed into a temporary SQLite file first (see scriptOf above),
  // because the Wasm engine's own shadow-database replay stops at the first statement.
  async diff(params) {
    if (params.from?.tag === "migrations" || params.to?.tag === "migrations")
      return diffAgainstReplayedMigrations(params);
    const { stdout, ...rest } = await (await mainEngine()).diff(params);
    if (stdout) await requestPrint(stdout.replace(/\n$/, ""));
    return rest;
  },
};

// The Wasm engine replays a migrations directory into its shadow database statement by statement
// only up to the first statement, and it refuses URL targets. So the migrations are replayed into a
// temporary SQLite file here, and diffed by a second engine on that file.
async function diffAgainstReplayedMigrations(params) {
  const file = join(tmpdir(), `hapair-shadow-${process.pid}-${Date.now()}.db`);
  const side = params.from?.tag === "migrations" ? "from" : "to";
  const db = new Database(file);
  try {
    for (const migration of params[side].migrationDirectories) db.exec(scriptOf(migration));
  } finally {
    db.close();
  }
  // `migrate diff` starts the engine without --datamodels; the shadow side only needs a datasource.
  let result;
  try {
    result = await diffAgainstDatasource(
      params,
      side,
      "sqlite",
      new PrismaBetterSqlite3({ url: `file:${file}` }),
    );
  } finally {
    rmSync(file, { force: true });
  }
  const { stdout, ...rest } = result;
  if (stdout) await requestPrint(stdout.replace(/\n$/, ""));
  return rest;
}

// A second engine whose datasource is the replayed database diffs it, as "schemaDatasource", against
// the other side. `migrate diff` starts the engine without --datamodels; that side needs only a datasource.
async function diffAgainstDatasource(params, side, provider, adapterFactory) {
  const files = [
    {
      path: join(process.cwd(), "hapair-shadow.prisma"),
      content: `datasource db {\n  provider = "${provider}"\n}\n`,
    },
  ];
  const shadowEngine = await SchemaEngine.new(
    { datamodels: files.map((f) => [f.path, f.content]) },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
  try {
    return await shadowEngine.diff({
      ...params,
      [side]: { tag: "schemaDatasource", files, configDir: process.cwd() },
    });
  } finally {
    shadowEngine.free();
  }
}

let nextOwnId = 1_000_000;
const pendingPrints = new Map();
function requestPrint(content) {
  const id = nextOwnId++;
  return new Promise((resolve) => {
    pendingPrints.set(id, resolve);
    process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, method: "print", params: { content } })}\n`);
  });
}

function reply(id, body) {
  process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", id, ...body })}\n`);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
// PostgreSQL: the same work-arounds, done with pg (see schema-engine-postgres.mjs).
const handlers = postgres
  ? {
      ...sqliteHandlers,
      getDatabaseVersion: async (params) =>
        (await mainEngine()).version(
          params?.datasource ? params : { datasource: { tag: "ConnectionString", url } },
        ),
      applyMigrations: (params) =>
        postgres.applyMigrations(url, params.migrationsList.migrationDirectories, scriptOf),
      async diagnoseMigrationHistory(params) {
        await postgres.ensureMigrationsTable(url);
        return (await mainEngine()).diagnoseMigrationHistory(params);
      },
      async devDiagnostic(params) {
        await postgres.ensureMigrationsTable(url);
        return (await mainEngine()).devDiagnostic(params);
      },
      async createMigration(params) {
        await postgres.ensureMigrationsTable(url);
        return (await mainEngine()).createMigration(params);
      },
      async reset() {
        await postgres.reset(url);
        return null;
      },
      async diff(params) {
        const side =
          params.from?.tag === "migrations" ? "from" : params.to?.tag === "migrations" ? "to" : null;
        const result = side
          ? await postgres.withReplayedMigrations(
              url,
              params[side].migrationDirectories,
              scriptOf,
              (shadowUrl) =>
                diffAgainstDatasource(params, side, "postgresql", postgres.adapterFactory(shadowUrl)),
            )
          : await (await mainEngine()).diff(params);
        const { stdout, ...rest } = result;
        if (stdout) await requestPrint(stdout.replace(/\n$/, ""));
        return rest;
      },
    }
  : sqliteHandlers;

lines.on("line", async (line) => {
  if (!line.trim()) return;
  const message = JSON.parse(line);
  if (message.method === undefined && pendingPrints.has(message.id)) {
    pendingPrints.get(message.id)();
    pendingPrints.delete(message.id);
    return;
  }
  const { id, method, params } = message;
  try {
    const handler =
      handlers[method] ??
      (async (p) => {
        const e = await mainEngine();
        if (typeof e[method] !== "function") throw new Error(`unknown schema engine method ${method}`);
        return e[method](p);
      });
    const result = await handler(params ?? {});
    reply(id, { result: result ?? null });
  } catch (error) {
    const code = error?.code;
    if (lastPanic) log("ERROR", `schema engine panic: ${lastPanic}`);
    reply(id, {
      error: {
        code: 4466,
        message: "An error happened. Check the data field for details.",
        data: {
          is_panic: false,
          message: String(error?.message ?? error),
          error_code: typeof code === "string" ? code : undefined,
        },
      },
    });
  }
});
lines.on("close", () => process.exit(0));
