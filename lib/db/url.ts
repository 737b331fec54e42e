/** Where the SQLite database lives: DATABASE_URL, or data/hapair.db in the repository. */
import { mkdirSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? `file:${join(process.cwd(), "data", "hapair.db")}`;
}

/** The file behind a `file:` URL, made absolute against the working directory; its folder is created. */
export function databaseFile(url = databaseUrl()): string {
  if (!url.startsWith("file:")) throw new Error(`only SQLite file URLs are supported, got ${url}`);
  const path = url.slice("file:".length);
  const absolute = isAbsolute(path) ? path : resolve(/*turbopackIgnore: true*/ process.cwd(), path);
  mkdirSync(dirname(absolute), { recursive: true });
  return absolute;
}
