/**
 * Brings the database to the committed migrations with the normal `prisma migrate deploy`: SQLite's
 * (prisma/migrations) or, for a postgres:// URL, PostgreSQL's (prisma/postgres/migrations, through
 * prisma.postgres.config.ts); refuses a database newer than the code.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { refuseNewerDatabase } from "./migration-level";
import { databaseFile, databaseProvider, databaseUrl, secureDatabaseFiles } from "./url";

// The checkout's root: the CLI may run from any directory, Prisma reads prisma.config.ts from here.
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

function deployCommand(): { args: string[]; url: string } {
  const url = databaseUrl();
  if (databaseProvider(url) === "postgres")
    return { args: ["migrate", "deploy", "--config", "prisma.postgres.config.ts"], url };
  secureDatabaseFiles();
  return { args: ["migrate", "deploy"], url: `file:${databaseFile()}` };
}

export async function migrateDatabase(): Promise<void> {
  const { args, url } = deployCommand();
  // `migrate deploy` passes over migrations it does not know: a newer hapair's database.
  await refuseNewerDatabase((await import("./client")).db);
  const output: string[] = [];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, ["node_modules/prisma/build/index.js", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.on("error", reject);
    child.on("exit", (exitCode) => resolve(exitCode ?? 1));
  });
  if (code !== 0)
    throw new Error(`database migration failed (prisma migrate deploy exited ${code}):\n${output.join("")}`);
}
