/**
 * What the supervisor (scripts/start.ts) records about the processes it runs, and its restart policy.
 * Pure: the supervisor writes a `SupervisorRecord` into the database (the only bus between processes),
 * the health endpoint and the dashboard read it.
 */
import { z } from "zod";

export const SUPERVISOR_ROW_NAME = "supervisor";
export const SUPERVISED = ["web", "agents"] as const;
export type SupervisedName = (typeof SUPERVISED)[number];

/** systemd-like: 1 s, doubling, at most 30 s between restarts. */
export const RESTART_FIRST_DELAY_MS = 1_000;
export const RESTART_MAX_DELAY_MS = 30_000;
/** A run this long counts as stable: the next crash restarts after the first delay again. */
export const STABLE_RUN_MS = 60_000;
/** The last lines a process wrote to stderr, kept for the crash report; each line cut to a length. */
export const ERROR_TAIL_LINES = 20;
export const ERROR_LINE_MAX_CHARS = 300;

/** Delay before restart number `failures` of a run of quick crashes (1 = the first). */
export function restartDelayMs(failures: number): number {
  const exponent = Math.max(0, Math.min(failures - 1, 30));
  return Math.min(RESTART_FIRST_DELAY_MS * 2 ** exponent, RESTART_MAX_DELAY_MS);
}

const exitSchema = z.object({
  code: z.number().int().nullable(),
  signal: z.string().nullable(),
  at: z.iso.datetime(),
  ranMs: z.number().nonnegative(),
});
export type ProcessExit = z.infer<typeof exitSchema>;

const processSchema = z.object({
  state: z.enum(["starting", "running", "restarting", "stopped"]),
  pid: z.number().int().nullable(),
  startedAt: z.iso.datetime().nullable(),
  restarts: z.number().int().nonnegative(),
  lastExit: exitSchema.nullable(),
  /** When the next start is due while restarting. */
  nextStartAt: z.iso.datetime().nullable(),
  lastErrorLines: z.array(z.string().max(ERROR_LINE_MAX_CHARS)).max(ERROR_TAIL_LINES),
});
export type SupervisedProcess = z.infer<typeof processSchema>;

export const supervisorRecordSchema = z.object({ web: processSchema, agents: processSchema });
export type SupervisorRecord = z.infer<typeof supervisorRecordSchema>;

export function newProcessRecord(): SupervisedProcess {
  return {
    state: "starting",
    pid: null,
    startedAt: null,
    restarts: 0,
    lastExit: null,
    nextStartAt: null,
    lastErrorLines: [],
  };
}

export function describeExit(exit: ProcessExit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exited with code ${exit.code ?? "?"}`;
}

/** Keeps the last lines a stream wrote, bounded in count and length, whatever the stream sends. */
export class LineTail {
  private lines: string[] = [];
  private partial = "";

  push(chunk: string): void {
    const parts = (this.partial + chunk).split("\n");
    this.partial = (parts.pop() ?? "").slice(0, ERROR_LINE_MAX_CHARS);
    for (const line of parts) this.add(line);
  }

  /** Complete lines plus the unterminated one, newest last. */
  snapshot(): string[] {
    const all = this.partial.trim() ? [...this.lines, this.partial] : this.lines;
    return all.slice(-ERROR_TAIL_LINES);
  }

  private add(line: string): void {
    const trimmed = line.replace(/\r$/, "");
    if (!trimmed.trim()) return;
    this.lines.push(trimmed.slice(0, ERROR_LINE_MAX_CHARS));
    if (this.lines.length > ERROR_TAIL_LINES) this.lines.splice(0, this.lines.length - ERROR_TAIL_LINES);
  }
}
