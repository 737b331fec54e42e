/**
 * Runs programs side by side and restarts any that exits, systemd-like: after 1 s, doubling up to 30 s
 * while it keeps crashing, back to 1 s once a run lasted STABLE_RUN_MS. One program dying never stops
 * the others. Each program's stderr passes through and its last lines are kept for the crash report.
 * `stop` ends them all (signal, then SIGKILL after a grace period) and cancels pending restarts.
 */
import { spawn, type ChildProcess } from "node:child_process";
import {
  describeExit,
  LineTail,
  newProcessRecord,
  restartDelayMs,
  STABLE_RUN_MS,
  type SupervisedName,
  type SupervisedProcess,
  type SupervisorRecord,
} from "@/lib/health/supervision";

export interface Program {
  name: SupervisedName;
  command: string;
  args: string[];
  /** Added to the supervisor's environment for this program only. */
  env?: NodeJS.ProcessEnv;
}

export interface SupervisorOptions {
  programs: Program[];
  env: NodeJS.ProcessEnv;
  /** Called after every state change (start, exit, restart scheduled, stop). */
  onChange: (record: SupervisorRecord) => void;
  /** How long `stop` waits before SIGKILL; the agents take up to 10 s to finish work in flight. */
  stopGraceMs?: number;
}

export interface Supervisor {
  record(): SupervisorRecord;
  stop(signal: NodeJS.Signals): Promise<void>;
}

interface Slot {
  program: Program;
  state: SupervisedProcess;
  child: ChildProcess | null;
  exited: Promise<void>;
  timer: NodeJS.Timeout | undefined;
  /** Quick crashes in a row, for the backoff. */
  failures: number;
}

export function startSupervisor(options: SupervisorOptions): Supervisor {
  const stopGraceMs = options.stopGraceMs ?? 12_000;
  let stopping = false;
  const slots = new Map<SupervisedName, Slot>(
    options.programs.map((program) => [
      program.name,
      {
        program,
        state: newProcessRecord(),
        child: null,
        exited: Promise.resolve(),
        timer: undefined,
        failures: 0,
      },
    ]),
  );
  const record = (): SupervisorRecord => ({
    web: slots.get("web")?.state ?? { ...newProcessRecord(), state: "stopped" },
    agents: slots.get("agents")?.state ?? { ...newProcessRecord(), state: "stopped" },
  });
  const changed = () => options.onChange(record());

  const launch = (slot: Slot, restart: boolean) => {
    slot.timer = undefined;
    if (stopping) return;
    const tail = new LineTail();
    const startedAt = Date.now();
    // Node directly, not npx, so signals reach the real processes.
    const child = spawn(slot.program.command, slot.program.args, {
      stdio: ["ignore", "inherit", "pipe"],
      env: { ...options.env, ...slot.program.env },
    });
    slot.child = child;
    child.stderr?.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      tail.push(chunk.toString("utf8"));
    });
    slot.exited = new Promise((resolve) => {
      let done = false;
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        if (done) return;
        done = true;
        slot.child = null;
        const ranMs = Date.now() - startedAt;
        const exit = { code, signal, at: new Date().toISOString(), ranMs };
        if (stopping) {
          slot.state = { ...slot.state, state: "stopped", pid: null, lastExit: exit, nextStartAt: null };
        } else {
          slot.failures = ranMs >= STABLE_RUN_MS ? 1 : slot.failures + 1;
          const delay = restartDelayMs(slot.failures);
          slot.state = {
            ...slot.state,
            state: "restarting",
            pid: null,
            lastExit: exit,
            lastErrorLines: tail.snapshot(),
            nextStartAt: new Date(Date.now() + delay).toISOString(),
          };
          console.error(
            `[hapair] ${slot.program.name} ${describeExit(exit)} after ${Math.round(ranMs / 1000)} s; restarting in ${delay / 1000} s`,
          );
          slot.timer = setTimeout(() => launch(slot, true), delay);
        }
        changed();
        resolve();
      };
      child.on("exit", onExit);
      // A spawn that fails (missing binary) emits only "error".
      child.on("error", (error) => {
        tail.push(`${error.message}\n`);
        onExit(null, null);
      });
    });
    slot.state = {
      ...slot.state,
      state: "running",
      pid: child.pid ?? null,
      startedAt: new Date(startedAt).toISOString(),
      nextStartAt: null,
      restarts: slot.state.restarts + (restart ? 1 : 0),
    };
    changed();
  };

  for (const slot of slots.values()) launch(slot, false);

  return {
    record,
    async stop(signal) {
      if (stopping) return;
      stopping = true;
      for (const slot of slots.values()) {
        clearTimeout(slot.timer);
        if (slot.state.state === "restarting")
          slot.state = { ...slot.state, state: "stopped", nextStartAt: null };
        slot.child?.kill(signal);
      }
      const all = Promise.all([...slots.values()].map((slot) => slot.exited));
      let grace: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (grace = setTimeout(() => resolve("late"), stopGraceMs)));
      if ((await Promise.race([all, late])) === "late") {
        for (const slot of slots.values()) slot.child?.kill("SIGKILL");
        await all;
      }
      clearTimeout(grace);
      changed();
    },
  };
}
