/**
 * prisma/schema.prisma (SQLite) is the one schema; prisma/postgres/schema.prisma is derived from it
 * here, so the two providers cannot drift: the provider changes and the client goes to its own folder
 * (a client generated for SQLite refuses the PostgreSQL adapter). The models need no other change:
 * they use no native-type attributes, and Prisma maps String, DateTime, Json and the ids to their
 * PostgreSQL types itself. `npx tsx scripts/prisma/postgres-schema.ts` rewrites the file; a unit test
 * fails while it is stale.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SQLITE_SCHEMA = `${ROOT}prisma/schema.prisma`;
export const POSTGRES_SCHEMA = `${ROOT}prisma/postgres/schema.prisma`;

const HEADER = [
  "// GENERATED from ../schema.prisma by scripts/prisma/postgres-schema.ts: edit that file, then run",
  "// `npx tsx scripts/prisma/postgres-schema.ts` and write the PostgreSQL migration (README).",
].join("\n");

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text)) throw new Error(`prisma/schema.prisma: ${what} not found`);
  return text.replace(pattern, replacement);
}

export function derivePostgresSchema(sqlite: string): string {
  let text = sqlite.replace(/^(\/\/[^\n]*\n)+/, "");
  text = replaceOnce(
    text,
    /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/,
    '$1"postgresql"',
    'datasource provider "sqlite"',
  );
  text = replaceOnce(
    text,
    /(generator client \{[^}]*output\s*=\s*)"\.\.\/generated\/prisma"/,
    '$1"../../generated/prisma-pg"',
    'generator output "../generated/prisma"',
  );
  return `${HEADER}\n\n${text.replace(/^\n+/, "")}`;
}

export function currentPostgresSchema(): string {
  return derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8"));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(POSTGRES_SCHEMA, currentPostgresSchema());
  console.log(`wrote ${POSTGRES_SCHEMA}`);
}
