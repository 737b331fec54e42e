/**
 * `hapair backup` under write load and `hapair restore`, as users run them: the real bin script, a
 * writer in its own process, real files.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { onPostgres } from "@/lib/db/__testing__/postgres-database";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const ROOT = join(import.meta.dirname, "..", "..");
const { dir, file } = await useTestDatabase("backup");

function hapair(databaseFile: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, "bin", "hapair.mjs"), ...args], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** As `hapair`, without blocking this process meanwhile. */
function hapairAsync(databaseFile: string, ...args: string[]) {
  const child = spawn(process.execPath, [join(ROOT, "bin", "hapair.mjs"), ...args], {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}` },
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, stderr })),
  );
}

const sequence = (db: Sqlite.Database, sql: string) =>
  db
    .prepare<[], { n: number }>(sql)
    .all()
    .map((row) => row.n);

/** Revision, rollout and audit numbers the writer committed in `path`. */
function written(path: string) {
  const db = new Sqlite(path, { readonly: true, fileMustExist: true });
  try {
    return {
      revisions: sequence(db, "SELECT number AS n FROM ClusterRevision ORDER BY n"),
      rollouts: sequence(db, "SELECT revision AS n FROM Rollout ORDER BY n"),
      audits: sequence(
        db,
        "SELECT CAST(substr(target, 5) AS INTEGER) AS n FROM AuditEntry WHERE action = 'test.write' ORDER BY n",
      ),
    };
  } finally {
    db.close();
  }
}

const lastCommitted = (path: string) => written(path).revisions.at(-1) ?? 0;

// SQLite's online backup; on PostgreSQL `hapair backup` points to pg_dump (README, "Running in production").
describe.skipIf(onPostgres())("hapair backup and restore", () => {
  it("backs up while another process writes, and the restore holds every row committed before, none half", async () => {
    const writer = spawn(process.execPath, ["--import", "tsx", "lib/db/__testing__/write-loop.ts", "5000"], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `file:${file}` },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const exited = new Promise<number | null>((resolve) => writer.on("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
        void exited.then(() => reject(new Error("the writer exited before it was ready")));
      });
      while (lastCommitted(file) < 50) await new Promise((resolve) => setTimeout(resolve, 20));
      const before = lastCommitted(file);
      const backup = join(dir, "backups", "hapair-1.db");
      mkdirSync(join(dir, "backups"));
      const run = hapair(file, "backup", backup);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/integrity ok/);
      const after = lastCommitted(file);
      expect(after, "the writer kept writing through the backup").toBeGreaterThan(before);

      const restored = join(dir, "fresh", "restored.db");
      const restore = hapair(restored, "restore", backup);
      expect(restore.stderr).toBe("");
      expect(restore.code).toBe(0);
      const rows = written(restored);
      const count = rows.revisions.length;
      expect(count).toBeGreaterThanOrEqual(before);
      expect(count).toBeLessThanOrEqual(after);
      const all = Array.from({ length: count }, (_, i) => i + 1);
      // Every committed transaction is whole, in order, without a gap: a snapshot, not a mix.
      expect(rows).toEqual({ revisions: all, rollouts: all, audits: all });
      console.log(`backup under load: ${before} committed before, ${count} in the backup, ${after} after it`);
    } finally {
      writer.kill("SIGTERM");
      await exited;
    }
  }, 120_000);

  it("refuses to restore over a database in use, one whose agents beat, a broken or a newer backup", async () => {
    const backup = join(dir, "backups", "hapair-1.db");
    // This test's own Prisma client still has the database open.
    const open = hapair(file, "restore", backup);
    expect(open.code).toBe(1);
    expect(open.stderr).toMatch(new RegExp(`not restored: .* is open in process\\(es\\) ${process.pid}`));

    const target = join(dir, "beating.db");
    expect(hapair(target, "restore", backup).code).toBe(0);
    // An agents process elsewhere (another host, or one /proc does not show): only its beats tell.
    const beat = () => {
      const beating = new Sqlite(target);
      const now = new Date().toISOString();
      beating
        .prepare(
          "INSERT INTO AgentHeartbeat (name, pid, startedAt, beatAt) VALUES ('agents', 4242, ?, ?) ON CONFLICT (name) DO UPDATE SET beatAt = excluded.beatAt",
        )
        .run(now, now);
      beating.close();
    };
    beat();
    const beats = setInterval(beat, 500);
    const refused = await hapairAsync(target, "restore", backup).finally(() => clearInterval(beats));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not restored: hapair is running on .*agents pid 4242/);

    const broken = join(dir, "broken.db");
    writeFileSync(broken, "SQLite format 3\0 but not really a database".padEnd(8192, "x"));
    const corrupt = hapair(join(dir, "other.db"), "restore", broken);
    expect(corrupt.code).toBe(1);
    expect(corrupt.stderr).toMatch(
      /^not restored: .*broken\.db cannot be read as an SQLite database: file is not a database/,
    );

    const newer = join(dir, "newer.db");
    expect(hapair(target.replace("beating", "x"), "restore", backup).code).toBe(0);
    expect(hapair(target.replace("beating", "x"), "backup", newer).code).toBe(0);
    const future = new Sqlite(newer);
    future
      .prepare(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count) VALUES ('f', 'c', '29991231000000_future', 0, 0, 1)",
      )
      .run();
    future.close();
    const tooNew = hapair(join(dir, "other.db"), "restore", newer);
    expect(tooNew.code).toBe(1);
    expect(tooNew.stderr).toMatch(/not restored: .* is newer than this hapair: .*29991231000000_future/);
    expect(existsSync(join(dir, "other.db"))).toBe(false);
  }, 180_000);

  it("keeps the database it replaces beside it", () => {
    const target = join(dir, "x.db");
    const before = written(target).revisions.length;
    const run = hapair(target, "restore", join(dir, "backups", "hapair-1.db"));
    expect(run.code).toBe(0);
    const kept = /kept as (\S+?);?\n?$/.exec(run.stdout.trim())?.[1];
    expect(kept).toMatch(/x\.db\.before-restore-\d{8}T\d{6}Z$/);
    expect(written(kept ?? "").revisions.length).toBe(before);
  }, 60_000);

  it("points PostgreSQL installations at pg_dump", async () => {
    const { backupCommand, restoreCommand } = await import("./backup-commands");
    const saved = process.env.DATABASE_URL;
    process.env.DATABASE_URL = "postgresql://hapair@127.0.0.1/hapair";
    const stderr: string[] = [];
    const io = { stdout: () => {}, stderr: (text: string) => void stderr.push(text), readFile: () => "" };
    try {
      expect(await backupCommand(io, join(dir, "pg.db"))).toBe(1);
      expect(await restoreCommand(io, join(dir, "backups", "hapair-1.db"))).toBe(1);
    } finally {
      process.env.DATABASE_URL = saved;
    }
    expect(stderr).toEqual([
      "hapair backup is for SQLite; on PostgreSQL use pg_dump / pg_restore (README: Running in production)\n",
      "hapair restore is for SQLite; on PostgreSQL use pg_dump / pg_restore (README: Running in production)\n",
    ]);
  });
});
