/** What /api/metrics exports, as plain data (lib/store/metrics-snapshot.ts reads it; render.ts formats it). */
import type { NodeObservation } from "@/lib/status/observation";
import type { PollDurations } from "./poll-durations";

export interface MetricsNode {
  name: string;
  /** The definition's base priority. */
  priority: number;
  observation: NodeObservation | null;
  /** When the node was last read successfully; null if never. */
  lastGoodPollAt: Date | null;
  /** The poller's counts of this node's poll durations (written every few seconds); null if none yet. */
  pollDurations: PollDurations | null;
}

export interface MetricsCluster {
  name: string;
  vips: string[];
  nodes: MetricsNode[];
  /** Backend → server names the definition declares: only these become labels. */
  declared: Record<string, string[]>;
  firingByRule: Record<string, number>;
  rolloutsByOutcome: Record<string, number>;
  drillsByOutcome: Record<string, number>;
}

export interface MetricsSnapshot {
  now: Date;
  clusters: MetricsCluster[];
  deliveriesByResult: Record<string, number>;
}
