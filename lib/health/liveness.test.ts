import { describe, expect, it } from "vitest";
import { agentsLiveness, HEARTBEAT_STALE_AFTER_MS, type SupervisorRow } from "./liveness";
import { newProcessRecord, type SupervisedProcess } from "./supervision";

const started = new Date("2026-01-01T00:00:00Z");

function supervisorRow(beatAt: Date, agents: Partial<SupervisedProcess>): SupervisorRow {
  return {
    beatAt,
    record: {
      web: { ...newProcessRecord(), state: "running", pid: 1 },
      agents: { ...newProcessRecord(), ...agents },
    },
  };
}

describe("agentsLiveness", () => {
  it("reports never-seen agents as down", () => {
    expect(agentsLiveness(null, started)).toMatchObject({ alive: false, pid: null, supervised: null });
  });

  it("is alive up to the stale limit and down after it", () => {
    const beatAt = new Date(started.getTime() + 10_000);
    const row = { pid: 42, startedAt: started, beatAt };
    const atLimit = new Date(beatAt.getTime() + HEARTBEAT_STALE_AFTER_MS);
    const past = new Date(atLimit.getTime() + 1);
    expect(agentsLiveness(row, atLimit)).toMatchObject({ alive: true, pid: 42, uptimeSec: 16 });
    expect(agentsLiveness(row, past).alive).toBe(false);
    expect(agentsLiveness(row, past).reason).toMatch(/no heartbeat/);
  });

  it("is down at once when the supervisor saw the agents exit, though their last beat is fresh", () => {
    const now = new Date(started.getTime() + 1_000);
    const row = { pid: 42, startedAt: started, beatAt: now };
    const exit = { code: null, signal: "SIGKILL", at: now.toISOString(), ranMs: 1_000 };
    const restarting = supervisorRow(now, {
      state: "restarting",
      pid: null,
      restarts: 2,
      lastExit: exit,
      nextStartAt: new Date(now.getTime() + 4_000).toISOString(),
      lastErrorLines: ["boom"],
    });
    expect(agentsLiveness(row, now, restarting)).toMatchObject({
      alive: false,
      reason: "agents down: killed by SIGKILL, restart 3 in 4 s",
      supervised: { restarts: 2, lastErrorLines: ["boom"] },
    });
  });

  it("stays down after a restart until the new process beats", () => {
    const now = new Date(started.getTime() + 1_000);
    const oldBeat = { pid: 42, startedAt: started, beatAt: now };
    const running = supervisorRow(now, { state: "running", pid: 43, restarts: 1 });
    expect(agentsLiveness(oldBeat, now, running)).toMatchObject({
      alive: false,
      reason: expect.stringMatching(/^agents down: restarted as pid 43/),
    });
    expect(agentsLiveness({ ...oldBeat, pid: 43 }, now, running)).toMatchObject({
      alive: true,
      supervised: { restarts: 1 },
    });
  });

  it("ignores a stale supervisor row (agents run without the supervisor)", () => {
    const now = new Date(started.getTime() + 60_000);
    const row = { pid: 42, startedAt: started, beatAt: now };
    const gone = supervisorRow(started, { state: "restarting" });
    expect(agentsLiveness(row, now, gone)).toMatchObject({ alive: true, supervised: null });
  });
});
