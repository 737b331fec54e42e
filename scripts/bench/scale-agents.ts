/**
 * One agents process of the scale benchmark (scripts/bench/scale.ts starts one or two): every worker
 * of agents/main.ts (startAgents) on DATABASE_URL, over an SSH pool whose probe conversations replay
 * each lab node's recorded answer (replay.ts), so the database's 1,000 nodes are served by 20 real
 * ones. Every second it prints one JSON line: its CPU time, node answers read, the alert rounds since
 * the previous line and the statements that wrote. Stdin "profile" starts the V8 CPU profiler
 * (HAPAIR_SCALE_PROFILE names the file, written at SIGTERM); SIGTERM stops the agents cleanly.
 */
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { openDatabase } from "@/lib/db/client";
import { createSshPool } from "@/lib/ssh";
import { startAgents } from "@/agents/start-agents";
import { errorMessage } from "@/lib/error-message";
import { countingWrites } from "./counted-writes";
import { cpuMs, replayingPool, startProfiler } from "./replay";

export interface AgentsReport {
  pid: number;
  cpuMs: number;
  answers: number;
  alertRounds: number[];
  statements: number;
  transactions: number;
  /** The event loop's longest delay since the previous line, ms. */
  lagMs: number;
  /** The longest since the profile or window began (stdin "window"), ms. */
  maxLagMs?: number;
}

async function main(): Promise<void> {
  // Stdout carries the report lines; the agents' own log goes to stderr (the benchmark keeps it in a file).
  console.log = console.error;
  const { wrap, counts } = countingWrites();
  const db = openDatabase(undefined, wrap);
  const pool = createSshPool();
  let answers = 0;
  let alertRounds: number[] = [];
  const replaying = replayingPool(pool, { onAnswer: () => (answers += 1) });
  const agents = startAgents(db, replaying, {
    onAlertRound: (ms) => alertRounds.push(ms),
  });
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  let maxLagMs = 0;
  const report = setInterval(() => {
    const lagMs = lag.max / 1e6;
    lag.reset();
    maxLagMs = Math.max(maxLagMs, lagMs);
    const line: AgentsReport = {
      pid: process.pid,
      cpuMs: cpuMs(),
      answers,
      alertRounds,
      ...counts,
      lagMs,
      maxLagMs,
    };
    alertRounds = [];
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }, 1_000);
  let profiler: Awaited<ReturnType<typeof startProfiler>> | null = null;
  const profileFile = process.env.HAPAIR_SCALE_PROFILE;
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (text: string) => {
    if (text.includes("window")) maxLagMs = 0;
    if (text.includes("profile") && profileFile && !profiler)
      void startProfiler().then((started) => (profiler = started));
  });
  process.once("SIGTERM", () => {
    clearInterval(report);
    process.stdin.destroy();
    const stopped = (async () => {
      if (profiler && profileFile) writeFileSync(profileFile, JSON.stringify(await profiler.stop()));
      await agents.stop();
      replaying.closeAll();
      await db.$disconnect();
    })();
    stopped.then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`[scale-agents] ${errorMessage(error)}`);
        process.exit(1);
      },
    );
  });
}

main().catch((error: unknown) => {
  console.error(`[scale-agents] ${errorMessage(error)}`);
  process.exit(1);
});
