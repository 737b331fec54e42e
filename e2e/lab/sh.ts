/** Running host commands for the lab: argument arrays only, never a shell string built from data. */
import { spawn, spawnSync } from "node:child_process";

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

export function run(
  command: string,
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): RunResult {
  const result = spawnSync(command, args, {
    encoding: "utf8",
    input: options.input,
    timeout: options.timeoutMs ?? 30_000,
  });
  if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}`);
  return { stdout: result.stdout, stderr: result.stderr, code: result.status ?? 1 };
}

/** Runs a command that must succeed; the error names the command and shows what it printed. */
export function must(
  command: string,
  args: string[],
  options: { input?: string; timeoutMs?: number } = {},
): string {
  const result = run(command, args, options);
  if (result.code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim()}`,
    );
  }
  return result.stdout;
}

export function inNetns(namespace: string, command: string, args: string[]): string[] {
  return ["netns", "exec", namespace, command, ...args];
}

/** Starts a long-lived process detached from us (own session), output appended to a log file. */
export function startDetached(command: string, args: string[], logFd: number): number {
  // cwd "/": like a real daemon. A lab node mounts its own /tmp, so a checkout under /tmp would vanish
  // beneath it and HAProxy refuses to start when it cannot return to its starting directory.
  const child = spawn(command, args, { cwd: "/", detached: true, stdio: ["ignore", logFd, logFd] });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  child.unref();
  return child.pid;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Like waitFor, with a probe that may be async: the first value that is not null. */
export async function until<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | null> | T | null,
  stepMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => T | null | undefined | false,
  timeoutMs: number,
  stepMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(stepMs);
  }
}
