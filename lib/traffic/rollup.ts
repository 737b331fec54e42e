/**
 * Minute points from 2 s points: each series' mean over the points of its minute (a series missing
 * from a point counts as absent, not zero). No I/O: the caller keeps the state (updated in place).
 */
import { round, type SeriesValue, type TrafficPoint } from "./rates";

export const MINUTE_MS = 60_000;

export interface RollupState {
  /** Epoch ms of the minute being gathered. */
  minute: number;
  sums: Record<string, { total: SeriesValue; count: number }>;
}

/** Adds a point; when it starts a new minute, the finished minute's point comes out. */
export function addToRollup(
  state: RollupState | null,
  point: TrafficPoint,
  bucketMs = MINUTE_MS,
): { state: RollupState; finished: TrafficPoint | null } {
  const minute = Math.floor(point.at / bucketMs) * bucketMs;
  const finished = state && state.minute !== minute ? finishRollup(state) : null;
  const next = state && state.minute === minute ? state : { minute, sums: {} };
  for (const [key, value] of Object.entries(point.values)) {
    const sum = (next.sums[key] ??= { total: [0, 0, 0, 0], count: 0 });
    sum.total = sum.total.map((x, i) => x + (value[i] ?? 0)) as SeriesValue;
    sum.count += 1;
  }
  return { state: next, finished };
}

/** Points (in time order) as the means of `bucketMs` buckets: the week's minute points charted by 10 min. */
export function bucketMeans(points: readonly TrafficPoint[], bucketMs: number): TrafficPoint[] {
  const out: TrafficPoint[] = [];
  let state: RollupState | null = null;
  for (const point of points) {
    const step = addToRollup(state, point, bucketMs);
    state = step.state;
    if (step.finished) out.push(step.finished);
  }
  const last = state && finishRollup(state);
  if (last) out.push(last);
  return out;
}

export function finishRollup(state: RollupState): TrafficPoint | null {
  const entries = Object.entries(state.sums);
  if (entries.length === 0) return null;
  const values: Record<string, SeriesValue> = {};
  for (const [key, { total, count }] of entries)
    values[key] = total.map((x) => round(x / count)) as SeriesValue;
  return { at: state.minute, values };
}
