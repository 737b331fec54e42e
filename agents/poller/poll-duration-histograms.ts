/**
 * Each node's poll-duration histogram (lib/metrics/poll-durations.ts), kept in memory and written to
 * the node rows for /api/metrics every POLL_DURATIONS_FLUSH_MS, the changed nodes in one statement.
 */
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import { emptyPollDurations, observePollDuration, type PollDurations } from "@/lib/metrics/poll-durations";
import { writePollDurations } from "@/lib/store/node-poll-durations";

/** Fresh enough for a scrape. */
const POLL_DURATIONS_FLUSH_MS = 10_000;

export class PollDurationHistograms {
  private readonly byNode = new Map<string, PollDurations>();
  /** Nodes whose histogram changed since it was last written. */
  private readonly changed = new Set<string>();
  private flushedAt = Date.now();

  constructor(private readonly db: Database) {}

  observe(nodeId: string, pollMs: number): void {
    this.byNode.set(nodeId, observePollDuration(this.byNode.get(nodeId) ?? emptyPollDurations(), pollMs));
    this.changed.add(nodeId);
  }

  /** Writes the changed nodes' histograms when due (or `force`d); a failure is logged, never thrown. */
  async flush(force = false): Promise<void> {
    const now = Date.now();
    if (this.changed.size === 0 || (!force && now - this.flushedAt < POLL_DURATIONS_FLUSH_MS)) return;
    this.flushedAt = now;
    const changed = new Map<string, PollDurations>();
    for (const nodeId of this.changed) {
      const durations = this.byNode.get(nodeId);
      if (durations) changed.set(nodeId, durations);
    }
    this.changed.clear();
    try {
      await writePollDurations(this.db, changed);
    } catch (error) {
      console.error(`[sink] poll durations not written: ${errorMessage(error)}`);
    }
  }

  /** A node gone: its histogram is dropped (its row keeps what was last written). */
  forget(nodeId: string): void {
    this.byNode.delete(nodeId);
    this.changed.delete(nodeId);
  }
}
