/**
 * PostgreSQL's migrations (prisma/postgres/migrations) migrate an empty database and agree with the
 * derived schema, through the Prisma CLI and our schema-engine shim. Runs in the postgres phase
 * (HAPAIR_TEST_DATABASE=postgres, throw-away server up); skipped otherwise.
 */
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, dropTestDatabase, onPostgres } from "@/lib/db/__testing__/postgres-database";

const url = onPostgres() ? await createTestDatabase("migrations") : "";
afterAll(async () => {
  if (url) await dropTestDatabase(url);
});

function prisma(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ["node_modules/prisma/build/index.js", ...args, "--config", "prisma.postgres.config.ts"],
    { encoding: "utf8", env: { ...process.env, DATABASE_URL: url }, timeout: 60_000 },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!onPostgres())(
  "PostgreSQL migrations (Prisma CLI through the WebAssembly schema engine)",
  () => {
    it("migrate an empty database and agree with the schema", () => {
      const deploy = prisma("migrate", "deploy");
      expect(deploy.output).toMatch(/applied/i);
      expect(deploy.code, deploy.output).toBe(0);
      const diff = prisma(
        "migrate",
        "diff",
        "--from-migrations",
        "prisma/postgres/migrations",
        "--to-schema",
        "prisma/postgres/schema.prisma",
        "--exit-code",
      );
      expect(diff.code, diff.output).toBe(0);
    }, 120_000);
  },
);
