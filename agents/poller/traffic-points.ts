/**
 * The traffic charts' points on their way to the database: each poll's counters become rows
 * (traffic-recorder.ts), which wait to be written together (one INSERT per TRAFFIC_FLUSH_MS however many
 * nodes poll, instead of one per batch: most of what the charts cost per poll), and old points are
 * pruned by age. Written outside the observations' transaction: a point of a node deleted meanwhile
 * fails only the points, never other nodes' observations.
 */
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import { insertTrafficSamples, type TrafficSampleRow } from "@/lib/store/traffic-samples";
import type { TrafficReading } from "@/lib/traffic/counters";
import { MINUTE_STEP, POINT_STEP, TrafficRecorder } from "./traffic-recorder";

/** The charts' 2 s points for an hour, minute points for a week (prisma/schema.prisma TrafficSample). */
const TRAFFIC_KEPT_MS: Record<number, number> = {
  [POINT_STEP]: 60 * 60 * 1000,
  [MINUTE_STEP]: 7 * 24 * 60 * 60 * 1000,
};
/** Points wait up to this long to be written together, or until this many. */
const TRAFFIC_FLUSH_MS = 2_000;
const TRAFFIC_FLUSH_ROWS = 5_000;
/** Pruning the charts' points scans by age: at the first write, then once a minute, however many nodes write. */
const PRUNE_TRAFFIC_EVERY_MS = 60_000;

export class TrafficPoints {
  /**
   * Never yet: the first flush prunes too. Points left from before a restart go at once, and the
   * prune's one-time cost (Prisma compiles its two deleteMany plans: ~85 ms CPU, the event loop held
   * ~300 ms, long enough to cut a poll at its deadline) falls at start-up, not a minute into steady polling.
   */
  private prunedAt = Number.NEGATIVE_INFINITY;
  private flushedAt = Date.now();
  private pending: TrafficSampleRow[] = [];
  private readonly recorder = new TrafficRecorder();

  constructor(private readonly db: Database) {}

  /** A poll's counters: its points wait for the next flush. */
  add(nodeId: string, reading: TrafficReading): void {
    this.pending.push(...this.recorder.rows(nodeId, reading));
  }

  /** Writes the waiting points when due (or `force`d); a failure is logged, never thrown. */
  async flush(force = false): Promise<void> {
    const now = Date.now();
    const due = now - this.flushedAt >= TRAFFIC_FLUSH_MS || this.pending.length >= TRAFFIC_FLUSH_ROWS;
    if (this.pending.length === 0 || (!due && !force)) return;
    const rows = this.pending;
    this.pending = [];
    this.flushedAt = now;
    try {
      await insertTrafficSamples(this.db, rows);
      if (now - this.prunedAt >= PRUNE_TRAFFIC_EVERY_MS) {
        this.prunedAt = now;
        await this.prune(now);
      }
    } catch (error) {
      console.error(`[sink] traffic points dropped: ${errorMessage(error)}`);
    }
  }

  /** Drops chart points past their step's keep time. */
  async prune(now = Date.now()): Promise<void> {
    await this.db.$transaction(
      Object.entries(TRAFFIC_KEPT_MS).map(([step, keptMs]) =>
        this.db.trafficSample.deleteMany({
          where: { step: Number(step), at: { lt: new Date(now - keptMs) } },
        }),
      ),
    );
  }

  forget(nodeId: string): void {
    this.recorder.forget(nodeId);
  }
}
