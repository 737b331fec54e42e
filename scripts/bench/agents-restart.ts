/**
 * How long a restarted agents process takes to hold the leases of its SIGKILLed predecessor on the
 * same host (lib/leases/local-process.ts): 3 clusters in a fresh database on a PostgreSQL server,
 * one agents process until it holds them all, SIGKILL, a new one; the time from the new process's
 * own start (its AgentProcess.startedAt, just before its first lease scan) until it holds all 3.
 *
 *   HAPAIR_TEST_PG_URL=postgresql://postgres@127.0.0.1:PORT/postgres npx tsx scripts/bench/agents-restart.ts
 */
import { spawn } from "node:child_process";
import { createTestDatabase, dropTestDatabase } from "@/lib/db/__testing__/postgres-database";

const url = await createTestDatabase("agents_restart");
process.env.DATABASE_URL = url;
const { db } = await import("@/lib/db/client");
await (await import("@/lib/db/migrate")).migrateDatabase();
for (const name of ["r1", "r2", "r3"]) await db.cluster.create({ data: { name } });
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const start = () =>
  spawn(process.execPath, ["--import", "tsx", "agents/main.ts"], { env: process.env, stdio: "ignore" });

/** Milliseconds from the process's start until it holds every lease. */
async function holdsAll(pid: number): Promise<number> {
  for (let i = 0; i < 1_200; i++) {
    const row = await db.agentProcess.findFirst({ where: { pid } });
    const leases = await db.clusterLease.findMany();
    if (row && leases.length === 3 && leases.every((lease) => lease.owner === row.id))
      return Date.now() - row.startedAt.getTime();
    await sleep(100);
  }
  throw new Error(`pid ${pid} did not take the leases in 2 minutes`);
}

const first = start();
try {
  console.log(`first process: holds all 3 ${await holdsAll(first.pid ?? 0)} ms after its start`);
  await sleep(3_000);
  first.kill("SIGKILL");
  const second = start();
  try {
    console.log(`restarted process: holds all 3 ${await holdsAll(second.pid ?? 0)} ms after its start`);
  } finally {
    second.kill("SIGTERM");
  }
} finally {
  first.kill("SIGKILL");
  await db.$disconnect();
  await dropTestDatabase(url);
}
