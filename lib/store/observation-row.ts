/**
 * A stored observation. The row's `at` is the truth: while a node stays unchanged the sink keeps one
 * history row and only moves its `at` forward (agents/poller/observation-sink.ts), so the JSON's own
 * time is when that state was first seen.
 */
import type { NodeObservation } from "@/lib/status/observation";

export function observationOfRow(row: { at: Date; data: unknown }): NodeObservation {
  return { ...(row.data as NodeObservation), at: row.at.toISOString() };
}
