/**
 * Liveness of the agents process, derived from the heartbeat row it writes and, when hapair runs
 * under its supervisor (scripts/start.ts), from what the supervisor saw of the process. Pure.
 */
import { describeExit, type SupervisedProcess, type SupervisorRecord } from "./supervision";

export const AGENTS_HEARTBEAT_NAME = "agents";
export const HEARTBEAT_INTERVAL_MS = 2_000;
/** Three missed beats: long enough to ride out a busy event loop, short enough to page on. */
export const HEARTBEAT_STALE_AFTER_MS = HEARTBEAT_INTERVAL_MS * 3;

export interface HeartbeatRow {
  pid: number;
  startedAt: Date;
  beatAt: Date;
}

/** The supervisor's row: it beats like the agents, so a stale one (no supervisor any more) is ignored. */
export interface SupervisorRow {
  beatAt: Date;
  record: SupervisorRecord;
}

export interface AgentsLiveness {
  alive: boolean;
  pid: number | null;
  lastBeatAgeMs: number | null;
  uptimeSec: number | null;
  reason: string;
  /** What the supervisor saw (restarts, last exit, last error lines); null when not supervised. */
  supervised: SupervisedProcess | null;
}

export function agentsLiveness(
  row: HeartbeatRow | null,
  now: Date,
  supervisor: SupervisorRow | null = null,
): AgentsLiveness {
  const fresh =
    supervisor !== null && now.getTime() - supervisor.beatAt.getTime() <= HEARTBEAT_STALE_AFTER_MS;
  const supervised = fresh ? supervisor.record.agents : null;
  const beat = fromHeartbeat(row, now);
  if (!supervised) return { ...beat, supervised: null };
  if (supervised.state !== "running")
    return { ...beat, alive: false, reason: supervisedDownReason(supervised, now), supervised };
  // Running again, but the beat may still be the dead process's: alive only once the new one beats.
  if (beat.alive && row?.pid !== supervised.pid)
    return {
      ...beat,
      alive: false,
      reason: `agents down: restarted as pid ${supervised.pid}, no heartbeat yet`,
      supervised,
    };
  return { ...beat, supervised };
}

function fromHeartbeat(row: HeartbeatRow | null, now: Date): Omit<AgentsLiveness, "supervised"> {
  if (!row)
    return { alive: false, pid: null, lastBeatAgeMs: null, uptimeSec: null, reason: "agents never reported" };
  const age = now.getTime() - row.beatAt.getTime();
  const alive = age <= HEARTBEAT_STALE_AFTER_MS;
  return {
    alive,
    pid: row.pid,
    lastBeatAgeMs: age,
    uptimeSec: Math.max(0, Math.round((now.getTime() - row.startedAt.getTime()) / 1000)),
    reason: alive ? "heartbeat fresh" : `no heartbeat for ${Math.round(age / 1000)} s`,
  };
}

function supervisedDownReason(process: SupervisedProcess, now: Date): string {
  if (process.state === "starting") return "agents starting";
  if (process.state === "stopped") return "agents down: stopped";
  const exit = process.lastExit ? describeExit(process.lastExit) : "exited";
  const next = process.nextStartAt
    ? `, restart ${process.restarts + 1} in ${Math.max(0, Math.ceil((Date.parse(process.nextStartAt) - now.getTime()) / 1000))} s`
    : "";
  return `agents down: ${exit}${next}`;
}
