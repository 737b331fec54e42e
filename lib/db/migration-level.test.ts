import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { onPostgres } from "./__testing__/postgres-database";
import { useTestDatabase } from "./__testing__/test-database";
import {
  codeMigrations,
  migrationLevel,
  NEWER_DATABASE_EXIT_CODE,
  newerDatabaseMessage,
} from "./migration-level";

const ROOT = join(import.meta.dirname, "..", "..");
const { db, file } = await useTestDatabase("migration-level");
const FUTURE = "29991231000000_from_a_newer_hapair";

describe("migration level", () => {
  it("tells pending, unknown and failed migrations apart", () => {
    const level = migrationLevel(
      [
        { name: "a", finished: true },
        { name: "c", finished: true },
        { name: "d", finished: false },
      ],
      ["a", "b", "d"],
    );
    expect(level).toEqual({ unknown: ["c"], pending: ["b", "d"], failed: ["d"], applied: 2 });
    expect(newerDatabaseMessage(level)).toMatch(/^the database is newer than this hapair: .*\(c\)/);
    expect(newerDatabaseMessage(migrationLevel([{ name: "a", finished: true }], ["a", "b"]))).toBeNull();
  });

  it("lists the committed migrations, oldest first", () => {
    const code = codeMigrations();
    // The folder of the database in use: SQLite's from its first migration, PostgreSQL's from a baseline.
    expect(code.length).toBeGreaterThan(1);
    expect(code).toEqual([...code].sort());
    expect(code[0]).toMatch(/^\d{14}_(init|baseline)$/);
  });
});

// A SQLite file of its own (the check on PostgreSQL reads the same table through the same code).
describe.skipIf(onPostgres())("a database newer than the code (real SQLite file)", () => {
  const run = (script: string) => {
    const result = spawnSync(process.execPath, ["--import", "tsx", script], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${file}`, PORT: "0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { code: result.status, stderr: result.stderr };
  };

  it("is refused by the startup migration, the agents, the web server and the supervisor, with exit 78", async () => {
    const { migrateDatabase } = await import("./migrate");
    await migrateDatabase(); // the code's own level passes
    await db.$executeRawUnsafe(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('future', 'x', '${FUTURE}', 0, 0, 1)`,
    );
    await expect(migrateDatabase()).rejects.toThrow(
      new RegExp(
        `^the database is newer than this hapair: it has 1 migration\\(s\\) this code does not know \\(${FUTURE}\\)`,
      ),
    );
    for (const [script, prefix] of [
      ["agents/main.ts", "[agents] failed to start:"],
      ["scripts/web-server.ts", "[web] failed to start:"],
      ["scripts/start.ts", "[hapair] failed to start:"],
    ] as const) {
      const result = run(script);
      expect(result.stderr, script).toContain(`${prefix} the database is newer than this hapair`);
      expect(result.stderr, script).toContain(FUTURE);
      expect(result.code, script).toBe(NEWER_DATABASE_EXIT_CODE);
    }
  }, 240_000);
});
