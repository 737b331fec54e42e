/** Runs hapair (web + agents, scripts/start.ts) on a database of its own, for benchmarks. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { errorMessage } from "@/lib/error-message";

export interface BenchServer {
  baseUrl: string;
  get<T>(path: string): Promise<T>;
  /** Reads the server-sent events of `path`, calling `onEvent` with each event's name, until the returned function is called. */
  events(path: string, onEvent: (name: string) => void): () => void;
  stop(): Promise<void>;
}

export async function startBenchServer(options: {
  name: string;
  port: number;
  pairs: string[];
}): Promise<BenchServer> {
  const file = resolve("data", `${options.name}.db`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
  const env = {
    ...process.env,
    DATABASE_URL: `file:${file}`,
    PORT: String(options.port),
    HOST: "127.0.0.1",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const registered = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/register-lab.ts", ...options.pairs],
    { env, encoding: "utf8" },
  );
  if (registered.status !== 0) throw new Error(`register-lab failed: ${registered.stderr}`);
  // The API needs a session: a viewer of the benchmark's own database, signed in below.
  const password = randomBytes(18).toString("base64url");
  const user = spawnSync(
    process.execPath,
    ["bin/hapair.mjs", "user", "add", "bench", "--role", "viewer", "--password-stdin"],
    { env, input: `${password}\n`, encoding: "utf8" },
  );
  if (user.status !== 0) throw new Error(`hapair user add failed: ${user.stderr}`);
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${options.port}`;
  let cookie = "";
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, { cache: "no-store", headers: { cookie } });
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
    if (
      await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error("hapair did not become healthy within 240 s");
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    body: JSON.stringify({ username: "bench", password }),
  });
  cookie = login.headers.get("set-cookie")?.split(";")[0] ?? "";
  if (!login.ok || !cookie) throw new Error(`sign-in answered ${login.status}`);
  const events: BenchServer["events"] = (path, onEvent) => {
    const controller = new AbortController();
    const read = async () => {
      const response = await fetch(`${baseUrl}${path}`, { headers: { cookie }, signal: controller.signal });
      if (!response.ok || !response.body) throw new Error(`${path} answered ${response.status}`);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffered = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        for (let end = buffered.indexOf("\n\n"); end >= 0; end = buffered.indexOf("\n\n")) {
          const name = /^event: (.+)$/m.exec(buffered.slice(0, end))?.[1];
          buffered = buffered.slice(end + 2);
          if (name) onEvent(name);
        }
      }
    };
    read().catch((error: unknown) => {
      if (!controller.signal.aborted) console.error(`[bench] ${path}: ${errorMessage(error)}`);
    });
    return () => controller.abort();
  };
  return { baseUrl, get, events, stop };
}
