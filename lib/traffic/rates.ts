/**
 * Traffic rates from two readings of a node's counters: requests/s, 4xx/s and 5xx/s from counter
 * deltas, current sessions as read. A counter that went down, or a new HAProxy worker (reload,
 * restart), starts again from zero: the delta is then the new value. Pure.
 */
import type { TrafficReading } from "./counters";

/** Requests/s, current sessions, 4xx/s, 5xx/s. */
export type SeriesValue = [requests: number, sessions: number, http4xx: number, http5xx: number];

export interface TrafficPoint {
  /** Epoch ms. */
  at: number;
  /** By proxy key ("f:NAME", "b:NAME"). */
  values: Record<string, SeriesValue>;
}

/** Past this gap the readings are too far apart to make a 2 s point of (the node was away). */
export const MAX_GAP_MS = 30_000;

export function counterDelta(previous: number, next: number, reset: boolean): number {
  return reset || next < previous ? next : next - previous;
}

export function trafficRates(previous: TrafficReading | null, next: TrafficReading): TrafficPoint | null {
  if (!previous) return null;
  const seconds = (next.at - previous.at) / 1_000;
  if (seconds <= 0 || seconds * 1_000 > MAX_GAP_MS) return null;
  const reset = previous.epoch !== next.epoch;
  const before = new Map(previous.proxies.map((p) => [p.key, p]));
  const values: Record<string, SeriesValue> = {};
  for (const proxy of next.proxies) {
    const old = before.get(proxy.key);
    const rate = (pick: (p: typeof proxy) => number) =>
      round(counterDelta(old ? pick(old) : 0, pick(proxy), reset || !old) / seconds);
    values[proxy.key] = [
      rate((p) => p.requests),
      proxy.sessions,
      rate((p) => p.http4xx),
      rate((p) => p.http5xx),
    ];
  }
  return { at: next.at, values };
}

/** Two decimals: enough for a chart, and short in storage. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
