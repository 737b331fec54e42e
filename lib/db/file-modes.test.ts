import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "hapair-modes-"));
const file = join(dir, "new-folder", "hapair.db");
process.env.DATABASE_URL = `file:${file}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe("database file modes", () => {
  it("creates the folder 0700 and the database with its -wal and -shm 0600", async () => {
    const { db } = await import("./client");
    try {
      await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
      await db.$executeRawUnsafe("CREATE TABLE probe (x INTEGER)");
      await db.$executeRawUnsafe("INSERT INTO probe VALUES (1)");
      expect(mode(join(dir, "new-folder"))).toBe(0o700);
      for (const path of [file, `${file}-wal`, `${file}-shm`])
        expect(mode(path).toString(8), path).toBe("600");
    } finally {
      await db.$disconnect();
    }
  });

  it("tightens a database an older version left 0644", async () => {
    const { secureDatabaseFiles } = await import("./url");
    const old = join(dir, "old.db");
    writeFileSync(old, "");
    writeFileSync(`${old}-wal`, "");
    chmodSync(old, 0o644);
    chmodSync(`${old}-wal`, 0o644);
    secureDatabaseFiles(old);
    expect([mode(old), mode(`${old}-wal`)]).toEqual([0o600, 0o600]);
  });
});
