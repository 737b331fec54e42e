/**
 * Records observations: the latest per node in memory (to diff for timeline events), every one as a
 * history row, host-key verdicts on the node row, and old history pruned. VIP changes seen by the
 * address watch are written at once (the fast path) and win over polls that started before them.
 */
import type { Database } from "@/lib/db/client";
import type { AddressChange } from "@/lib/probes/parse/ip-monitor";
import { nodeEvents } from "@/lib/status/node-events";
import type { NodeObservation } from "@/lib/status/observation";
import { applyAddressChange, withWatchedVips, type WatchedVips } from "@/lib/status/vip-watch";

const HISTORY_MS = 60 * 60 * 1000;
const PRUNE_EVERY = 100;
/** Changes that can start or end a split-brain, a missing holder or a degraded pair. */
const ALERTING_EVENTS = new Set(["vip", "vrrp", "reachability", "haproxy"]);

export class ObservationSink {
  private readonly latest = new Map<string, NodeObservation>();
  private readonly watched = new Map<string, WatchedVips>();
  /** Nodes whose row this sink marked unknown/mismatch: cleared once the pinned key connects again. */
  private readonly flagged = new Set<string>();
  private writes = 0;

  /** `onStateChange` runs after a write that moved a VIP or changed a node's VRRP state, reachability or HAProxy (the alert evaluator re-reads at once). */
  constructor(
    private readonly db: Database,
    private readonly onStateChange?: () => void,
  ) {}

  /** A full poll's result. `pollStartedAt` (epoch ms) lets a newer address-watch change win. */
  async record(clusterId: string, nodeId: string, observation: NodeObservation, presentedHostKey: string | null, pollStartedAt = Date.now()): Promise<void> {
    await this.write(clusterId, nodeId, withWatchedVips(observation, this.watched.get(nodeId), pollStartedAt), presentedHostKey);
  }

  /** An address change seen by the watch: written now if it changes the node's VIPs. True if written. */
  async recordAddressChange(clusterId: string, nodeId: string, change: AddressChange, vips: readonly string[], at = new Date()): Promise<boolean> {
    const next = applyAddressChange(this.latest.get(nodeId) ?? null, change, vips, at);
    if (!next) return false;
    this.watched.set(nodeId, { at: at.getTime(), vipsHeld: next.vipsHeld });
    await this.write(clusterId, nodeId, next, null);
    return true;
  }

  private async write(clusterId: string, nodeId: string, observation: NodeObservation, presentedHostKey: string | null): Promise<void> {
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
    await this.db.$transaction([
      this.db.nodeObservation.create({ data: { nodeId, at, reachable: observation.reachable, data: observation as object } }),
      ...events.map((event) => this.db.clusterEvent.create({ data: { clusterId, at, kind: event.kind, message: event.message, data: { node: event.node } } })),
      ...(flag ? [this.db.node.update({ where: { id: nodeId }, data: { seenHostKeyFingerprint: presentedHostKey, hostKeyStatus: observation.hostKey } })] : []),
      ...(clear ? [this.db.node.updateMany({ where: { id: nodeId, hostKeyStatus: { not: "pinned" } }, data: { hostKeyStatus: "pinned", seenHostKeyFingerprint: null } })] : []),
    ]);
    if (events.some((event) => ALERTING_EVENTS.has(event.kind))) this.onStateChange?.();
    this.writes += 1;
    if (this.writes % PRUNE_EVERY === 0) {
      await this.db.nodeObservation.deleteMany({ where: { at: { lt: new Date(Date.now() - HISTORY_MS) } } });
    }
  }

  forget(nodeId: string): void {
    this.latest.delete(nodeId);
    this.watched.delete(nodeId);
  }
}
