/** Liveness of the agents process, derived from the heartbeat row it writes. Pure. */

export const AGENTS_HEARTBEAT_NAME = "agents";
export const HEARTBEAT_INTERVAL_MS = 2_000;
/** Three missed beats: long enough to ride out a busy event loop, short enough to page on. */
export const HEARTBEAT_STALE_AFTER_MS = HEARTBEAT_INTERVAL_MS * 3;

export interface HeartbeatRow {
  pid: number;
  startedAt: Date;
  beatAt: Date;
}

export interface AgentsLiveness {
  alive: boolean;
  pid: number | null;
  lastBeatAgeMs: number | null;
  uptimeSec: number | null;
  reason: string;
}

export function agentsLiveness(row: HeartbeatRow | null, now: Date): AgentsLiveness {
  if (!row) {
    return { alive: false, pid: null, lastBeatAgeMs: null, uptimeSec: null, reason: "agents never reported" };
  }
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
