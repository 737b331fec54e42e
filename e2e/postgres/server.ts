/**
 * A throw-away PostgreSQL server for tests, from Debian's postgresql-15 package: its own folder
 * (HAPAIR_PG_DIR, default /tmp/hapair-pg: data, unix socket, log), its own port (HAPAIR_PG_PORT,
 * default 55432, loopback only), run as the `postgres` user because initdb refuses root. Durability is
 * switched off (fsync, synchronous_commit): nothing here is worth keeping.
 *
 *   npx tsx e2e/postgres/server.ts start   # a fresh cluster; prints its URL
 *   npx tsx e2e/postgres/server.ts stop    # stops it by the PID in its postmaster.pid, removes the folder
 *   npx tsx e2e/postgres/server.ts url
 *
 * It only ever touches a folder it created itself (marked by MARKER): a folder without the mark, or a
 * PID whose command line does not name our data folder, is refused, so the machine's own cluster
 * (/var/lib/postgresql) or another one is never stopped or removed.
 */
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const BIN = "/usr/lib/postgresql/15/bin";
const MARKER = ".hapair-throwaway-postgres";

export interface PgServer {
  dir: string;
  data: string;
  socket: string;
  port: number;
}

export function pgServer(env: NodeJS.ProcessEnv = process.env): PgServer {
  const dir = env.HAPAIR_PG_DIR ?? "/tmp/hapair-pg";
  const port = Number(env.HAPAIR_PG_PORT ?? 55432);
  if (!Number.isInteger(port) || port < 1024 || port > 65535)
    throw new Error(`HAPAIR_PG_PORT: bad port ${port}`);
  return { dir, data: join(dir, "data"), socket: join(dir, "socket"), port };
}

/** The admin URL (database `postgres`); tests create their own databases beside it. */
export function pgAdminUrl(server = pgServer()): string {
  return `postgresql://postgres@127.0.0.1:${server.port}/postgres`;
}

function ours(server: PgServer): boolean {
  return existsSync(join(server.dir, MARKER));
}

function runAsPostgres(command: string, args: string[]): string {
  const [file, argv] =
    process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 });
}

/** The postmaster's PID from its pid file, if it is alive and really serves our data folder. */
function runningPid(server: PgServer): number | null {
  const pidFile = join(server.data, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 1) return null;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return null;
  }
  if (!cmdline.split("\0").includes(server.data)) {
    throw new Error(
      `PID ${pid} in ${pidFile} is not our server (${cmdline.replaceAll("\0", " ")}): refusing`,
    );
  }
  return pid;
}

function waitGone(pid: number, ms: number): boolean {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!existsSync(`/proc/${pid}`)) return true;
    execFileSync("sleep", ["0.1"]);
  }
  return !existsSync(`/proc/${pid}`);
}

export function stopServer(server = pgServer()): void {
  if (!existsSync(server.dir)) return;
  if (!ours(server))
    throw new Error(`${server.dir} was not made by this script (no ${MARKER}): refusing to touch it`);
  const pid = runningPid(server);
  if (pid !== null) {
    // SIGINT: PostgreSQL's "fast" shutdown (clients disconnected, no wait); SIGQUIT if that stalls.
    process.kill(pid, "SIGINT");
    if (!waitGone(pid, 15_000)) {
      process.kill(pid, "SIGQUIT");
      if (!waitGone(pid, 5_000)) throw new Error(`PostgreSQL PID ${pid} did not stop`);
    }
  }
  rmSync(server.dir, { recursive: true, force: true });
}

export function startServer(server = pgServer()): string {
  if (!existsSync(join(BIN, "postgres")))
    throw new Error(`${BIN}/postgres not found: install Debian's postgresql-15 (scripts/ensure-deps.sh)`);
  if (existsSync(server.dir)) stopServer(server);
  mkdirSync(server.socket, { recursive: true, mode: 0o700 });
  writeFileSync(join(server.dir, MARKER), "made by e2e/postgres/server.ts; removed by its stop\n");
  // As root the server runs as `postgres` (initdb refuses root), which must own its folders.
  if (process.getuid?.() === 0) {
    const { uid, gid } = postgresUser();
    for (const path of [server.dir, server.socket]) chownSync(path, uid, gid);
  }
  runAsPostgres(join(BIN, "initdb"), [
    "-D",
    server.data,
    "-U",
    "postgres",
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  const options = [
    `-p ${server.port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${server.socket}`,
    "-c fsync=off",
    "-c synchronous_commit=off",
    "-c full_page_writes=off",
    "-c max_connections=200",
    "-c shared_buffers=64MB",
  ].join(" ");
  runAsPostgres(join(BIN, "pg_ctl"), [
    "-D",
    server.data,
    "-o",
    options,
    "-l",
    join(server.dir, "log"),
    "-w",
    "-t",
    "30",
    "start",
  ]);
  return pgAdminUrl(server);
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith("postgres:"));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined) throw new Error("no postgres user (install postgresql-15)");
  return { uid: Number(uid), gid: Number(gid) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const command = process.argv[2];
  if (command === "start") console.log(startServer());
  else if (command === "stop") stopServer();
  else if (command === "url") console.log(pgAdminUrl());
  else {
    console.error("usage: server.ts start|stop|url");
    process.exit(2);
  }
}
