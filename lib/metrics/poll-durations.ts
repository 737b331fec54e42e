/**
 * Poll durations per node as a Prometheus histogram. The poller keeps the counts (since it started;
 * Prometheus reads a restart as a counter reset) and stores them on the node row; /api/metrics prints
 * them. Pure. Fixed buckets, so a node's series count is bounded whatever it answers.
 */
import { z } from "zod";

/** Upper bounds in seconds; one more count for +Inf. A 2 s interval bounds a poll at 1.5 s (lib/timing.ts). */
export const POLL_DURATION_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 1.5, 3] as const;

export interface PollDurations {
  /** Polls per bucket (not cumulative): one per bound of POLL_DURATION_BUCKETS_S, then +Inf. */
  counts: number[];
  sumSeconds: number;
}

const pollDurationsSchema = z.object({
  counts: z.array(z.number().int().nonnegative()).length(POLL_DURATION_BUCKETS_S.length + 1),
  sumSeconds: z.number().nonnegative(),
});

export const emptyPollDurations = (): PollDurations => ({
  counts: Array.from({ length: POLL_DURATION_BUCKETS_S.length + 1 }, () => 0),
  sumSeconds: 0,
});

/** Adds one poll (in place; returns it). */
export function observePollDuration(durations: PollDurations, ms: number): PollDurations {
  const seconds = Math.max(0, ms) / 1_000;
  const bucket = POLL_DURATION_BUCKETS_S.findIndex((bound) => seconds <= bound);
  const index = bucket < 0 ? POLL_DURATION_BUCKETS_S.length : bucket;
  durations.counts[index] = (durations.counts[index] ?? 0) + 1;
  durations.sumSeconds += seconds;
  return durations;
}

/** The stored column as the poller wrote it; anything else is no histogram (never a throw). */
export function parsePollDurations(value: unknown): PollDurations | null {
  const parsed = pollDurationsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export const POLL_DURATION_METRIC = "hapair_node_poll_duration_seconds";

/** Label values as Prometheus' text format escapes them. */
const escapeLabel = (value: string) =>
  value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

/**
 * The histogram in Prometheus' text format (prom-client's Histogram can only observe, not be set
 * from stored counts). Empty when no node has durations.
 */
export function pollDurationsText(
  series: readonly { labels: Record<string, string>; durations: PollDurations }[],
): string {
  if (series.length === 0) return "";
  const name = POLL_DURATION_METRIC;
  const lines = [
    `# HELP ${name} Duration of the node's polls since the agents started`,
    `# TYPE ${name} histogram`,
  ];
  for (const { labels, durations } of series) {
    const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
    const with_ = (extra: string[]) => `{${[...pairs, ...extra].join(",")}}`;
    let cumulative = 0;
    POLL_DURATION_BUCKETS_S.forEach((bound, i) => {
      cumulative += durations.counts[i] ?? 0;
      lines.push(`${name}_bucket${with_([`le="${bound}"`])} ${cumulative}`);
    });
    const count = durations.counts.reduce((a, b) => a + b, 0);
    lines.push(`${name}_bucket${with_(['le="+Inf"'])} ${count}`);
    lines.push(`${name}_sum${with_([])} ${durations.sumSeconds}`);
    lines.push(`${name}_count${with_([])} ${count}`);
  }
  return lines.join("\n") + "\n";
}
