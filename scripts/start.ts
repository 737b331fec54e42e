/**
 * Runs hapair in production mode: migrates the database, then starts the web server and the agents
 * process side by side. If either exits, the other is stopped too; SIGTERM/SIGINT stop both cleanly.
 * HOST and PORT choose the web server's address (default 127.0.0.1:3000).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { migrateDatabase } from "@/lib/db/migrate";

const host = process.env.HOST ?? "127.0.0.1";
const port = process.env.PORT ?? "3000";
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const children: ChildProcess[] = [];
let stopping = false;

function stopAll(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}

function supervise(child: ChildProcess): Promise<number> {
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      const unexpected = !stopping;
      stopAll("SIGTERM");
      resolve(unexpected ? (code ?? 1) : 0);
    }),
  );
}

async function main(): Promise<void> {
  process.on("SIGINT", () => stopAll("SIGINT"));
  process.on("SIGTERM", () => stopAll("SIGTERM"));
  await migrateDatabase();
  children.push(
    // Node directly, not npx, so signals reach the real processes.
    // Our own server around Next.js's handler: it tells the app each request's TCP peer (scripts/web-server.ts).
    spawn(process.execPath, ["--import", "tsx", "scripts/web-server.ts"], { stdio: "inherit", env: { ...env, NODE_ENV: "production", HOST: host, PORT: port } }),
    spawn(process.execPath, ["--import", "tsx", "agents/main.ts"], { stdio: "inherit", env }),
  );
  const codes = await Promise.all(children.map(supervise));
  process.exitCode = codes.find((code) => code !== 0) ?? 0;
}

main().catch((error: unknown) => {
  console.error("[hapair] failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
