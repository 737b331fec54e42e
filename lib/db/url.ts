/**
 * Which database: DATABASE_URL, or the SQLite file data/hapair.db in the repository. A `file:` URL is
 * SQLite (the embedded default); a `postgres://` or `postgresql://` URL is a PostgreSQL server.
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

const defaultFolder = () => join(process.cwd(), "data");

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? `file:${join(defaultFolder(), "hapair.db")}`;
}

export type DatabaseProvider = "sqlite" | "postgres";

export function databaseProvider(url = databaseUrl()): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgres";
  throw new Error(
    `DATABASE_URL: expected file:PATH (SQLite) or postgres://… (PostgreSQL), got ${url.split(":")[0]}:…`,
  );
}

/** The file behind a `file:` URL, made absolute against the working directory; its folder is created (0700). */
export function databaseFile(url = databaseUrl()): string {
  if (!url.startsWith("file:")) throw new Error(`not a SQLite file: URL: ${url.split(":")[0]}:…`);
  const path = url.slice("file:".length);
  const absolute = isAbsolute(path) ? path : resolve(/*turbopackIgnore: true*/ process.cwd(), path);
  // turbopackIgnore: this path is known only at run time; without it `next build` traces the whole project.
  mkdirSync(/* turbopackIgnore: true */ dirname(absolute), { recursive: true, mode: 0o700 });
  return absolute;
}

/**
 * The folder for hapair's own files beside the database (secret key, SSH keys): the SQLite file's
 * folder, or data/ in the working directory with PostgreSQL. Created 0700.
 */
export function dataFolder(url = databaseUrl()): string {
  if (databaseProvider(url) === "sqlite") return dirname(databaseFile(url));
  mkdirSync(/* turbopackIgnore: true */ defaultFolder(), { recursive: true, mode: 0o700 });
  return defaultFolder();
}

/**
 * The database holds password hashes, sessions and sealed secrets: readable by hapair's user only.
 * The file is created 0600 before SQLite opens it (SQLite gives its -wal and -shm the database's
 * mode), and files left 0644 by an older version are tightened. Only our own folder is chmod-ed: a
 * DATABASE_URL may point into a shared one.
 */
export function secureDatabaseFiles(file = databaseFile()): void {
  if (!existsSync(/* turbopackIgnore: true */ file))
    closeSync(openSync(/* turbopackIgnore: true */ file, "a", 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`])
    if (existsSync(/* turbopackIgnore: true */ path)) chmodSync(/* turbopackIgnore: true */ path, 0o600);
  if (dirname(file) === defaultFolder()) chmodSync(/* turbopackIgnore: true */ dirname(file), 0o700);
}
