/**
 * `hapair backup` / `hapair restore` for the SQLite database. The backup goes through SQLite's
 * online backup API in one step, so it is one read transaction: a consistent snapshot, taken while
 * the web and agents processes write (WAL lets them go on meanwhile). Restore checks the backup
 * first (integrity, migration level), refuses while anything has the database open, and swaps the
 * file in with a rename, keeping the old one beside it.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  openSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import Sqlite from "better-sqlite3";
import { AGENTS_HEARTBEAT_NAME, HEARTBEAT_STALE_AFTER_MS } from "@/lib/health/liveness";
import { SUPERVISOR_ROW_NAME } from "@/lib/health/supervision";
import {
  APPLIED_MIGRATIONS_SQL,
  codeMigrations,
  isMissingTable,
  migrationLevel,
  newerDatabaseMessage,
  toAppliedMigrations,
  type MigrationLevel,
} from "./migration-level";

const SIDE_FILES = ["-wal", "-shm", "-journal"];

/** The whole database in one step: copying it page-batch by page-batch restarts on every write by another process. */
const ALL_PAGES = 0x7fffffff;

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Copies `source` (a live database) to `target` through a temporary file beside it; the target appears complete or not at all. */
export async function backupSqlite(source: string, target: string): Promise<{ pages: number }> {
  const partial = join(dirname(target), `.${basename(target)}.partial-${process.pid}`);
  rmSync(partial, { force: true });
  // Created 0600 before SQLite writes it: it holds password hashes, sessions and sealed secrets.
  closeSync(openSync(partial, "w", 0o600));
  const db = new Sqlite(source, { fileMustExist: true, timeout: 5_000 });
  try {
    const result = await db.backup(partial, { progress: () => ALL_PAGES });
    const copy = new Sqlite(partial);
    try {
      // A single file, readable without its -wal/-shm; the processes turn WAL back on when they open it.
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
    fsyncPath(partial);
    renameSync(partial, target);
    fsyncPath(dirname(target));
    return { pages: result.totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    db.close();
  }
}

export interface BackupCheck {
  /** `PRAGMA integrity_check`'s lines: ["ok"] for a sound file. */
  integrity: string[];
  level: MigrationLevel;
  /** Why the file must not be restored; null when it may. */
  refusal: string | null;
}

/** Integrity and migration level of a backup file, read without changing it. */
export function checkBackup(file: string, code = codeMigrations()): BackupCheck {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = db
      .prepare<[], { integrity_check: string }>("PRAGMA integrity_check")
      .all()
      .map((row) => row.integrity_check);
    let rows: { name: unknown; finished: unknown }[] = [];
    try {
      rows = db.prepare<[], { name: unknown; finished: unknown }>(APPLIED_MIGRATIONS_SQL).all();
    } catch (error) {
      if (!isMissingTable(error)) throw error;
    }
    const level = migrationLevel(toAppliedMigrations(rows), code);
    const refusal =
      integrity.length !== 1 || integrity[0] !== "ok"
        ? `${file} fails SQLite's integrity check: ${integrity.slice(0, 5).join("; ")}`
        : rows.length === 0
          ? `${file} is not a hapair database (no migrations recorded)`
          : level.failed.length > 0
            ? `${file} holds a migration that did not finish (${level.failed.join(", ")})`
            : newerDatabaseMessage(level, file);
    return { integrity, level, refusal };
  } finally {
    db.close();
  }
}

/** Processes (other than this one) that have the database or its -wal/-shm open, from /proc. */
export function processesUsing(file: string): number[] {
  const names = new Set([file, ...SIDE_FILES.map((suffix) => `${file}${suffix}`)]);
  const found: number[] = [];
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  for (const pid of entries) {
    if (Number(pid) === process.pid) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or another user's: theirs cannot open a 0600 file of ours anyway
    }
    for (const fd of fds) {
      let target = "";
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (names.has(target)) {
        found.push(Number(pid));
        break;
      }
    }
  }
  return found;
}

/** The heartbeat rows (agents, supervisor) of `file` that beat recently: hapair is running on it, here or elsewhere. */
export function freshHeartbeats(
  file: string,
  now = new Date(),
): { name: string; pid: number; ageMs: number }[] {
  const db = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[string, string], { name: string; pid: number; beatAt: string | number }>(
        "SELECT name, pid, beatAt FROM AgentHeartbeat WHERE name IN (?, ?)",
      )
      .all(AGENTS_HEARTBEAT_NAME, SUPERVISOR_ROW_NAME);
    return rows
      .map((row) => ({ name: row.name, pid: row.pid, ageMs: now.getTime() - new Date(row.beatAt).getTime() }))
      .filter((row) => row.ageMs <= HEARTBEAT_STALE_AFTER_MS);
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  } finally {
    db.close();
  }
}

/** Why `target` must not be replaced now (hapair or anything else is using it); null when it may. */
export function restoreBlocker(target: string, now = new Date()): string | null {
  if (!existsSync(target)) return null;
  const beating = freshHeartbeats(target, now);
  if (beating.length > 0)
    return (
      `hapair is running on ${target}: ${beating.map((b) => `${b.name} pid ${b.pid} beat ${Math.round(b.ageMs / 1000)} s ago`).join(", ")}. ` +
      `Stop it first (systemctl stop hapair), then restore.`
    );
  const users = processesUsing(target);
  if (users.length > 0)
    return `${target} is open in process(es) ${users.join(", ")}: stop them first (web server, agents, sqlite3), then restore.`;
  return null;
}

const stamp = (now: Date) => now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "Z");

/**
 * Puts `backup` in place of `target`: copied beside the target first, then renamed over it, so the
 * target path always holds one whole database. The old one is kept as `TARGET.before-restore-STAMP`
 * (a hard link made before the rename). Call after `checkBackup` and `restoreBlocker` said yes.
 */
export async function restoreSqlite(
  backup: string,
  target: string,
  now = new Date(),
): Promise<{ kept: string | null }> {
  const incoming = join(dirname(target), `.${basename(target)}.restoring-${process.pid}`);
  await backupSqlite(backup, incoming);
  let kept: string | null = null;
  if (existsSync(target)) {
    // Fold a WAL left by a process that died into the old file, so the kept copy is whole and no
    // stale -wal is read against the restored file.
    const old = new Sqlite(target, { fileMustExist: true });
    try {
      old.pragma("wal_checkpoint(TRUNCATE)");
      old.pragma("journal_mode = DELETE");
    } finally {
      old.close();
    }
    kept = `${target}.before-restore-${stamp(now)}`;
    linkSync(target, kept);
  }
  for (const suffix of SIDE_FILES) rmSync(`${target}${suffix}`, { force: true });
  renameSync(incoming, target);
  fsyncPath(dirname(target));
  return { kept };
}
