/** prisma/postgres/schema.prisma is derived from prisma/schema.prisma: stale means someone forgot the script. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { currentPostgresSchema, derivePostgresSchema, POSTGRES_SCHEMA } from "./postgres-schema";

describe("the PostgreSQL schema", () => {
  it("is what scripts/prisma/postgres-schema.ts derives from prisma/schema.prisma now", () => {
    expect(
      readFileSync(POSTGRES_SCHEMA, "utf8") === currentPostgresSchema(),
      "prisma/postgres/schema.prisma is stale: run `npx tsx scripts/prisma/postgres-schema.ts` and write its migration (README)",
    ).toBe(true);
  });

  it("differs from the SQLite schema only in its provider, its client's folder and its header", () => {
    const sqlite = readFileSync(POSTGRES_SCHEMA.replace("/postgres/", "/"), "utf8");
    const body = (text: string) => text.replace(/^(\/\/[^\n]*\n)+\n*/, "");
    expect(
      body(currentPostgresSchema())
        .replace('"postgresql"', '"sqlite"')
        .replace('"../../generated/prisma-pg"', '"../generated/prisma"'),
    ).toBe(body(sqlite));
  });

  it("refuses a SQLite schema it does not recognise instead of writing a wrong one", () => {
    expect(() => derivePostgresSchema('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/provider/);
  });
});
