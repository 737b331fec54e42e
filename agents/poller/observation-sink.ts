/**
 * Records observations: the latest per node in memory (to diff for timeline events), a history row per
 * state (an unchanged node's row only has its time moved forward, so an hour of history holds its
 * changes, not one row per poll), host-key verdicts on the node row, and old history pruned. VIP changes seen by the
 * address watch are written at once (the fast path) and win over polls that started before them.
 * Poll results wait up to BATCH_MS to be written together: with many nodes, one transaction and one
 * INSERT per batch cost a fraction of one each (scripts/bench/poll-cost.ts prints the figures). The
 * charts' points and the poll-duration histograms ride along (traffic-points.ts, poll-duration-histograms.ts).
 */
import { Prisma } from "@/generated/prisma/client";
import type { Database } from "@/lib/db/client";
import type { AddressChange } from "@/lib/probes/parse/ip-monitor";
import { nodeEvents } from "@/lib/status/node-events";
import type { NodeObservation } from "@/lib/status/observation";
import { applyAddressChange, withWatchedVips, type WatchedVips } from "@/lib/status/vip-watch";
import type { TrafficReading } from "@/lib/traffic/counters";
import { isForeignKeyViolation } from "@/lib/store/db-errors";
import { refreshObservationRows, type ObservationRefresh } from "@/lib/store/observation-refresh";
import { PollDurationHistograms } from "./poll-duration-histograms";
import { TrafficPoints } from "./traffic-points";

const HISTORY_MS = 60 * 60 * 1000;
const PRUNE_EVERY = 100;
const BATCH_MS = 100;
/** A node still in the state of its newest row: the row's time moves from `from` to `to`. */
interface Refresh extends ObservationRefresh {
  /** Written as a new row if the old one is gone (pruned, or the database replaced). */
  row: Prisma.NodeObservationCreateManyInput;
}

interface Batch {
  observations: Prisma.NodeObservationCreateManyInput[];
  refreshes: Refresh[];
  events: Prisma.ClusterEventCreateManyInput[];
  nodeUpdates: { nodeId: string; run: () => Prisma.PrismaPromise<unknown> }[];
  alerting: boolean;
  written: Promise<void>;
  start: () => void;
}
/** Changes that can start or end a split-brain, a missing holder or a degraded pair. */
const ALERTING_EVENTS = new Set(["vip", "vrrp", "reachability", "haproxy"]);

export interface ObservationSinkOptions {
  /** Runs after a write that moved a VIP or changed a node's VRRP state, reachability or HAProxy (the alert evaluator re-reads at once). */
  onStateChange?: () => void;
  /** How long results wait to be written together (BATCH_MS). */
  batchMs?: number;
  /** Whether this process may write the cluster's readings now (false while its lease is fenced). */
  owns?: (clusterId: string) => boolean;
}

export class ObservationSink {
  private readonly latest = new Map<string, NodeObservation>();
  private readonly watched = new Map<string, WatchedVips>();
  /** Nodes whose row this sink marked unknown/mismatch: cleared once the pinned key connects again. */
  private readonly flagged = new Set<string>();
  /** Per node: its newest row's time, and its state without the time (to tell an unchanged poll). */
  private readonly newestRow = new Map<string, { at: Date; state: string }>();
  private writes = 0;
  private batch: Batch | null = null;
  /** The charts' points: written after a batch when due. */
  readonly traffic: TrafficPoints;
  /** Each node's poll durations: written to the node rows after a batch when due. */
  readonly pollDurations: PollDurationHistograms;

  private readonly onStateChange: () => void;
  private readonly batchMs: number;
  private readonly owns: (clusterId: string) => boolean;

  constructor(
    private readonly db: Database,
    options: ObservationSinkOptions = {},
  ) {
    this.onStateChange = options.onStateChange ?? (() => {});
    this.batchMs = options.batchMs ?? BATCH_MS;
    this.owns = options.owns ?? (() => true);
    this.traffic = new TrafficPoints(db);
    this.pollDurations = new PollDurationHistograms(db);
  }

  /**
   * A full poll's result. `pollStartedAt` (epoch ms) lets a newer address-watch change win; `traffic`,
   * the poll's counters, becomes the charts' points (written in the same batch); `pollMs`, how long
   * the poll took, joins the node's poll-duration histogram.
   */
  async record(
    clusterId: string,
    nodeId: string,
    observation: NodeObservation,
    presentedHostKey: string | null,
    pollStartedAt = Date.now(),
    traffic: TrafficReading | null = null,
    pollMs: number | null = null,
  ): Promise<void> {
    if (traffic) this.traffic.add(nodeId, traffic);
    if (pollMs !== null) this.pollDurations.observe(nodeId, pollMs);
    await this.write(
      clusterId,
      nodeId,
      withWatchedVips(observation, this.watched.get(nodeId), pollStartedAt),
      presentedHostKey,
      false,
    );
  }

  /** An address change seen by the watch: written now if it changes the node's VIPs. True if written. */
  async recordAddressChange(
    clusterId: string,
    nodeId: string,
    change: AddressChange,
    vips: readonly string[],
    at = new Date(),
  ): Promise<boolean> {
    const next = applyAddressChange(this.latest.get(nodeId) ?? null, change, vips, at);
    if (!next) return false;
    this.watched.set(nodeId, { at: at.getTime(), vipsHeld: next.vipsHeld });
    await this.write(clusterId, nodeId, next, null, true);
    return true;
  }

  private async write(
    clusterId: string,
    nodeId: string,
    observation: NodeObservation,
    presentedHostKey: string | null,
    now: boolean,
  ): Promise<void> {
    // A fenced lease may be another process's by now: its readings are not written twice.
    if (!this.owns(clusterId)) return;
    const previous = this.latest.get(nodeId) ?? null;
    this.latest.set(nodeId, observation);
    const events = nodeEvents(previous, observation);
    const at = new Date(observation.at);
    const flag = observation.hostKey !== "pinned" && presentedHostKey !== null;
    // A connection with the pinned key proves the row's old verdict stale (an accepted key, or a
    // verdict written by a poll that was still running with the previous pin).
    const clear = !flag && observation.reachable && (this.flagged.has(nodeId) || previous === null);
    if (flag) this.flagged.add(nodeId);
    if (clear) this.flagged.delete(nodeId);
    const batch = (this.batch ??= this.newBatch());
    // The advert counters change on every poll: written beside the state, moved forward with the row's time.
    const { adverts: advertWindows, ...stateful } = observation;
    const adverts = advertWindows ? (advertWindows as unknown as Prisma.InputJsonValue) : Prisma.DbNull;
    const row = { nodeId, at, reachable: observation.reachable, data: stateful as object, adverts };
    // The VRRP reading's age differs on every poll; it is not a change of state.
    const state = JSON.stringify({
      ...stateful,
      at: null,
      keepalived: observation.keepalived ? { ...observation.keepalived, stateAgeMs: null } : null,
    });
    const newest = this.newestRow.get(nodeId);
    if (newest && newest.state === state && !now && !flag && !clear) {
      const moved = { to: at, row, adverts: advertWindows ? JSON.stringify(advertWindows) : null };
      // One statement moves each node's row once: a second poll in the batch moves the first's target further.
      const queued = batch.refreshes.find((r) => r.nodeId === nodeId);
      if (queued) Object.assign(queued, moved);
      else batch.refreshes.push({ nodeId, from: newest.at, ...moved });
    } else batch.observations.push(row);
    this.newestRow.set(nodeId, { at, state });
    batch.events.push(
      ...events.map((event) => ({
        clusterId,
        at,
        kind: event.kind,
        message: event.message,
        data: { node: event.node },
      })),
    );
    if (flag)
      batch.nodeUpdates.push({
        nodeId,
        run: () =>
          this.db.node.update({
            where: { id: nodeId },
            data: { seenHostKeyFingerprint: presentedHostKey, hostKeyStatus: observation.hostKey },
          }),
      });
    if (clear)
      batch.nodeUpdates.push({
        nodeId,
        run: () =>
          this.db.node.updateMany({
            where: { id: nodeId, hostKeyStatus: { not: "pinned" } },
            data: { hostKeyStatus: "pinned", seenHostKeyFingerprint: null },
          }),
      });
    batch.alerting ||= events.some((event) => ALERTING_EVENTS.has(event.kind));
    if (now) batch.start();
    await batch.written;
  }

  /** A batch starts writing after BATCH_MS, or at once when a VIP change joins it. */
  private newBatch(): Batch {
    let started = false;
    let release: () => void = () => {};
    const startSignal = new Promise<void>((resolve) => (release = resolve));
    const timer = setTimeout(() => batch.start(), this.batchMs);
    const batch: Batch = {
      observations: [],
      refreshes: [],
      events: [],
      nodeUpdates: [],
      alerting: false,
      start: () => {
        if (started) return;
        started = true;
        clearTimeout(timer);
        if (this.batch === batch) this.batch = null; // later writes go to the next batch
        release();
      },
      written: startSignal.then(() => this.flush(batch)),
    };
    return batch;
  }

  private async flush(batch: Batch): Promise<void> {
    try {
      await this.writeBatch(batch);
    } catch (error) {
      // A node or cluster deleted while its poll was in flight fails the whole batch: the other
      // nodes' results are written without its rows.
      if (!isForeignKeyViolation(error)) throw error;
      const live = await this.liveOnly(batch);
      if (!live) throw error;
      await this.writeBatch(live);
    }
    if (batch.alerting) this.onStateChange();
    this.writes += batch.observations.length;
    if (this.writes >= PRUNE_EVERY) {
      this.writes = 0;
      await this.db.nodeObservation.deleteMany({ where: { at: { lt: new Date(Date.now() - HISTORY_MS) } } });
    }
    await this.traffic.flush();
    await this.pollDurations.flush();
  }

  /** The batch without the rows of nodes and clusters that no longer exist; null when all still do. */
  private async liveOnly(batch: Batch): Promise<Batch | null> {
    const ids = new Set([...batch.observations, ...batch.refreshes].map((row) => row.nodeId));
    const nodes = await this.db.node.findMany({
      where: { id: { in: [...ids] } },
      select: { id: true, clusterId: true },
    });
    if (nodes.length === ids.size) return null;
    const nodeIds = new Set(nodes.map((node) => node.id));
    const clusterIds = new Set(nodes.map((node) => node.clusterId));
    return {
      ...batch,
      observations: batch.observations.filter((row) => nodeIds.has(row.nodeId)),
      refreshes: batch.refreshes.filter((row) => nodeIds.has(row.nodeId)),
      events: batch.events.filter((event) => clusterIds.has(event.clusterId)),
      nodeUpdates: batch.nodeUpdates.filter((update) => nodeIds.has(update.nodeId)),
    };
  }

  /** One transaction of a few statements, whatever the number of nodes in the batch. */
  private async writeBatch(batch: Batch): Promise<void> {
    const { observations, refreshes, events } = batch;
    // New rows first: a refresh may move a row this batch creates (two polls of a node in one batch).
    const creating =
      observations.length > 0 ? [this.db.nodeObservation.createMany({ data: observations })] : [];
    const results = await this.db.$transaction([
      ...creating,
      ...(refreshes.length > 0 ? [refreshObservationRows(this.db, refreshes)] : []),
      ...(events.length > 0 ? [this.db.clusterEvent.createMany({ data: events })] : []),
      ...batch.nodeUpdates.map((update) => update.run()),
    ]);
    const refreshed = refreshes.length > 0 ? (results[creating.length] as { nodeId: string }[]) : [];
    const found = new Set(refreshed.map((row) => row.nodeId));
    const lost = refreshes.filter((refresh) => !found.has(refresh.nodeId));
    if (lost.length > 0)
      await this.db.nodeObservation.createMany({ data: lost.map((refresh) => refresh.row) });
  }

  forget(nodeId: string): void {
    this.latest.delete(nodeId);
    this.watched.delete(nodeId);
    this.newestRow.delete(nodeId);
    this.traffic.forget(nodeId);
    this.pollDurations.forget(nodeId);
  }
}
