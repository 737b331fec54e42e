/**
 * `hapair backup FILE` and `hapair restore FILE` (SQLite; PostgreSQL installations use pg_dump, see
 * the README). Neither opens the database through Prisma nor migrates it: a backup must not change
 * what it copies, and a restore leaves migrating to the next start.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { databaseFile, databaseUrl } from "@/lib/db/url";
import {
  backupSqlite,
  checkBackup,
  restoreBlocker,
  restoreSqlite,
  type BackupCheck,
} from "@/lib/db/sqlite-backup";
import { errorMessage } from "@/lib/error-message";
import { UsageError, type CliIo } from "./io";

/** PostgreSQL has its own tools; said before databaseFile() refuses the URL less helpfully. */
function refusePostgres(io: CliIo, what: string): boolean {
  if (!/^postgres(ql)?:/i.test(databaseUrl())) return false;
  io.stderr(
    `hapair ${what} is for SQLite; on PostgreSQL use pg_dump / pg_restore (README: Running in production)\n`,
  );
  return true;
}

export async function backupCommand(io: CliIo, file: string | undefined): Promise<number> {
  if (!file) throw new UsageError("backup needs FILE");
  if (refusePostgres(io, "backup")) return 1;
  const source = databaseFile();
  if (!existsSync(source)) {
    io.stderr(`no database at ${source}\n`);
    return 1;
  }
  const target = resolve(file);
  const started = Date.now();
  const { pages } = await backupSqlite(source, target);
  const check = checkBackup(target);
  if (check.refusal) {
    io.stderr(`backup written to ${target} but it does not check out: ${check.refusal}\n`);
    return 1;
  }
  io.stdout(
    `backed up ${source} to ${target} (${pages} pages, ${check.level.applied} migrations, integrity ok, ${Date.now() - started} ms)\n`,
  );
  return 0;
}

export async function restoreCommand(io: CliIo, file: string | undefined): Promise<number> {
  if (!file) throw new UsageError("restore needs FILE");
  if (refusePostgres(io, "restore")) return 1;
  const backup = resolve(file);
  if (!existsSync(backup)) {
    io.stderr(`no backup at ${backup}\n`);
    return 1;
  }
  let check: BackupCheck;
  try {
    check = checkBackup(backup);
  } catch (error) {
    io.stderr(`not restored: ${backup} cannot be read as an SQLite database: ${errorMessage(error)}\n`);
    return 1;
  }
  if (check.refusal) {
    io.stderr(`not restored: ${check.refusal}\n`);
    return 1;
  }
  const target = databaseFile();
  const blocker = restoreBlocker(target);
  if (blocker) {
    io.stderr(`not restored: ${blocker}\n`);
    return 1;
  }
  const { kept } = await restoreSqlite(backup, target);
  const pending = check.level.pending.length;
  io.stdout(
    `restored ${backup} into ${target}` +
      (kept ? `; the previous database is kept as ${kept}` : "") +
      (pending > 0 ? `; ${pending} newer migration(s) will be applied when hapair starts` : "") +
      "\n",
  );
  return 0;
}
