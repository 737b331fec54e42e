/**
 * Scheduled drills: when a cluster's schedule entry is due. Pure (the clock is an argument).
 * An entry runs every N days at HH:MM UTC, within a window of M minutes after that time (a
 * maintenance window): slots missed by more than the window (agents down) are skipped, never run late.
 */
import type { DrillScheduleEntry } from "@/lib/cluster/schema/drills";

const DAY_MS = 86_400_000;

function timeOfDayMs(at: string): number {
  const [h, m] = at.split(":").map(Number);
  return ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
}

/** The first HH:MM (UTC) strictly after `afterMs`. */
export function firstSlotAfter(entry: Pick<DrillScheduleEntry, "at">, afterMs: number): number {
  const day = Math.floor(afterMs / DAY_MS) * DAY_MS;
  const today = day + timeOfDayMs(entry.at);
  return today > afterMs ? today : today + DAY_MS;
}

export interface ScheduleState {
  /** The slot the entry last ran (or was refused) for; null if it never did. */
  lastSlotMs: number | null;
  /** Where a never-run entry starts counting from (when the schedule was saved). */
  sinceMs: number;
}

/**
 * The slot due now (run it, once), or null; and the next slot to come. The first slot is the first
 * HH:MM after the schedule was saved; then every `everyDays` days after the last one.
 */
export function scheduleSlot(
  entry: DrillScheduleEntry,
  state: ScheduleState,
  nowMs: number,
): { dueMs: number | null; nextMs: number } {
  const every = entry.everyDays * DAY_MS;
  const window = entry.windowMinutes * 60_000;
  let slot =
    state.lastSlotMs === null
      ? firstSlotAfter(entry, state.sinceMs)
      : // Re-aligned to HH:MM, so an edited time of day applies from the next slot.
        firstSlotAfter(entry, state.lastSlotMs + every - DAY_MS);
  while (slot + window < nowMs) slot += every;
  if (slot <= nowMs) return { dueMs: slot, nextMs: slot + every };
  return { dueMs: null, nextMs: slot };
}
