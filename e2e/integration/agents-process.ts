/**
 * A lab test's own agents processes (`agents/main.ts` under tsx, the test's environment), for tests
 * that kill one mid-job and start another. Each is signalled by its PID only; `stopAll` ends those
 * still running (SIGTERM, SIGKILL after 12 s).
 */
import { spawn, type ChildProcess } from "node:child_process";

export function exited(child: ChildProcess): Promise<void> {
  return new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once("exit", () => resolve()),
  );
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** `stdout`: "ignore" for a test that starts many and would drown in their logs. */
export function agentsProcesses(stdout: "inherit" | "ignore" = "inherit") {
  const children: ChildProcess[] = [];
  return {
    start(): ChildProcess {
      const child = spawn(process.execPath, ["--import", "tsx", "agents/main.ts"], {
        env: { ...process.env },
        stdio: ["ignore", stdout, "inherit"],
      });
      children.push(child);
      return child;
    },
    /** SIGKILL, as a crash would end it. */
    async kill(child: ChildProcess): Promise<void> {
      if (child.pid && running(child)) process.kill(child.pid, "SIGKILL");
      await exited(child);
    },
    async stopAll(): Promise<void> {
      for (const child of children) {
        if (!child.pid || !running(child)) continue;
        child.kill("SIGTERM");
        const forced = setTimeout(() => child.kill("SIGKILL"), 12_000);
        await exited(child);
        clearTimeout(forced);
      }
    },
  };
}
