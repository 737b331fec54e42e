/** Runs hapair (web + agents, scripts/start.ts) on a database of its own, for benchmarks. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";

export interface BenchServer {
  baseUrl: string;
  get<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startBenchServer(options: { name: string; port: number; pairs: string[] }): Promise<BenchServer> {
  const file = resolve("data", `${options.name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  const env = { ...process.env, DATABASE_URL: `file:${file}`, PORT: String(options.port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" };
  const registered = spawnSync(process.execPath, ["--import", "tsx", "scripts/register-lab.ts", ...options.pairs], { env, encoding: "utf8" });
  if (registered.status !== 0) throw new Error(`register-lab failed: ${registered.stderr}`);
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "ignore", "inherit"] });
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { cache: "no-store" });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as T;
  };
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((done) => setTimeout(done, 15_000))]);
  };
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hapair exited with ${child.exitCode} while starting`);
    if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error("hapair did not become healthy within 240 s");
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return { baseUrl, get, stop };
}
