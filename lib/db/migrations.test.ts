import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/generated/prisma/client";

const dir = mkdtempSync(join(tmpdir(), "hapair-migrate-"));
const url = `file:${join(dir, "test.db")}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function prisma(...args: string[]) {
  const result = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("database migrations (Prisma CLI through the WebAssembly schema engine)", () => {
  it("migrates an empty database and round-trips a cluster through the client", async () => {
    const deploy = prisma("migrate", "deploy");
    expect(deploy.output).toMatch(/applied|No pending migrations/i);
    expect(deploy.code).toBe(0);
    const client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url }) });
    try {
      const cluster = await client.cluster.create({
        data: {
          name: "t",
          revisions: { create: { number: 1, spec: { vrid: 51 }, author: "test" } },
          nodes: { create: [{ name: "lb-01" }] },
        },
        include: { revisions: true, nodes: true },
      });
      expect(cluster.revisions[0]?.spec).toEqual({ vrid: 51 });
      expect(cluster.nodes[0]?.hostKeyStatus).toBe("unknown");
    } finally {
      await client.$disconnect();
    }
  }, 60_000);

  it("reports the migrations applied and in agreement with the schema", () => {
    const status = prisma("migrate", "status");
    expect(status.output).toMatch(/Database schema is up to date/);
    expect(status.code).toBe(0);
    const diff = prisma(
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema",
      "prisma/schema.prisma",
      "--exit-code",
    );
    expect(diff.code, diff.output).toBe(0);
  }, 60_000);
});
