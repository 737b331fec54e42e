/**
 * Bounded load through a pair's VIP from the lab's client namespace (assets/load-client.mjs): a fixed
 * request rate over keep-alive HTTPS, no retries. It ends by itself; `stop` ends it early.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { labPair, requireInventory } from "./control";
import { inNetns } from "./sh";
import { SOURCE_ASSETS_DIR } from "./state";

export interface LoadReport {
  sent: number;
  ok: number;
  failed: number;
  durationMs: number;
  achievedRate: number;
  p50Ms: number | null;
  p99Ms: number | null;
  byError: Record<string, number>;
  firstFailures: { atMs: number; error: string }[];
}

export interface RunningLoad {
  report: Promise<LoadReport>;
  stop(): void;
}

export function loadThroughVip(pairName: string, options: { rate: number; total: number }): RunningLoad {
  const vip = labPair(pairName).vip;
  const client = requireInventory().client.namespace;
  const script = join(SOURCE_ASSETS_DIR, "load-client.mjs");
  const child = spawn(
    "ip",
    inNetns(client, process.execPath, [
      script,
      `https://${vip}/`,
      String(options.rate),
      String(options.total),
    ]),
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const report = new Promise<LoadReport>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").at(-1) ?? "";
      try {
        resolve(JSON.parse(line) as LoadReport);
      } catch {
        reject(new Error(`load client ended (${code}) without a report: ${stderr.trim() || stdout.trim()}`));
      }
    });
  });
  return { report, stop: () => child.kill("SIGTERM") };
}
