import { describe, expect, it } from "vitest";
import type { SupervisorRecord } from "@/lib/health/supervision";
import { startSupervisor } from "./supervisor";

// Stand-ins for the web server and the agents: a long-running node process, and one that crashes.
const sleeper = ["-e", "setInterval(() => {}, 1000)"];
const crasher = ["-e", "console.error('first'); console.error('fatal: out of luck'); process.exit(3)"];

async function until(check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((done) => setTimeout(done, 50));
  }
}

describe("startSupervisor", () => {
  it("restarts a killed program with backoff and leaves the other running", async () => {
    const records: SupervisorRecord[] = [];
    const supervisor = startSupervisor({
      env: process.env,
      onChange: (record) => records.push(record),
      programs: [
        { name: "web", command: process.execPath, args: sleeper },
        { name: "agents", command: process.execPath, args: sleeper },
      ],
    });
    try {
      await until(() => supervisor.record().agents.pid !== null && supervisor.record().web.pid !== null);
      const webPid = supervisor.record().web.pid;
      const firstAgents = supervisor.record().agents.pid ?? 0;
      process.kill(firstAgents, "SIGKILL");
      await until(() => supervisor.record().agents.state === "restarting");
      expect(supervisor.record().agents).toMatchObject({
        lastExit: { signal: "SIGKILL", code: null },
        restarts: 0,
      });
      await until(() => supervisor.record().agents.state === "running");
      expect(supervisor.record().agents.restarts).toBe(1);
      expect(supervisor.record().agents.pid).not.toBe(firstAgents);
      expect(supervisor.record().web).toMatchObject({ state: "running", pid: webPid, restarts: 0 });
    } finally {
      await supervisor.stop("SIGTERM");
    }
    expect(supervisor.record()).toMatchObject({
      web: { state: "stopped", pid: null },
      agents: { state: "stopped", pid: null },
    });
  });

  it("backs off a crash loop and keeps its last error lines", async () => {
    const supervisor = startSupervisor({
      env: process.env,
      onChange: () => {},
      programs: [
        { name: "web", command: process.execPath, args: sleeper },
        { name: "agents", command: process.execPath, args: crasher },
      ],
    });
    const startedAt = Date.now();
    try {
      // Restarts after 1 s, then 2 s: the third exit comes 3 s or more after the start.
      await until(
        () => supervisor.record().agents.restarts === 2 && supervisor.record().agents.state === "restarting",
      );
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(3_000);
      const agents = supervisor.record().agents;
      expect(agents.lastExit).toMatchObject({ code: 3, signal: null });
      expect(agents.lastErrorLines).toEqual(["first", "fatal: out of luck"]);
      expect(Date.parse(agents.nextStartAt ?? "") - Date.now()).toBeGreaterThan(2_000);
      expect(supervisor.record().web).toMatchObject({ state: "running", restarts: 0 });
    } finally {
      await supervisor.stop("SIGTERM");
    }
    // A pending restart is cancelled by stop.
    await new Promise((done) => setTimeout(done, 300));
    expect(supervisor.record().agents).toMatchObject({ state: "stopped", nextStartAt: null });
  });

  it("stops a program that ignores SIGTERM with SIGKILL after the grace period", async () => {
    // The shell ignores SIGTERM before exec, and sleep inherits that: no window where SIGTERM still kills it.
    const stubborn = ["-c", "trap '' TERM; exec sleep 30"];
    const supervisor = startSupervisor({
      env: process.env,
      onChange: () => {},
      stopGraceMs: 500,
      programs: [{ name: "agents", command: "/bin/sh", args: stubborn }],
    });
    await until(() => supervisor.record().agents.pid !== null);
    await new Promise((done) => setTimeout(done, 300));
    const before = Date.now();
    await supervisor.stop("SIGTERM");
    expect(Date.now() - before).toBeLessThan(5_000);
    expect(supervisor.record().agents).toMatchObject({ state: "stopped", lastExit: { signal: "SIGKILL" } });
  });
});
