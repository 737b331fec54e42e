/**
 * Records observations: the latest per node in memory (to diff for timeline events), every one as a
 * history row, host-key verdicts on the node row, and old history pruned.
 */
import type { Database } from "@/lib/db/client";
import { nodeEvents } from "@/lib/status/node-events";
import type { NodeObservation } from "@/lib/status/observation";

const HISTORY_MS = 60 * 60 * 1000;
const PRUNE_EVERY = 100;

export class ObservationSink {
  private readonly latest = new Map<string, NodeObservation>();
  private writes = 0;

  constructor(private readonly db: Database) {}

  async record(clusterId: string, nodeId: string, observation: NodeObservation, presentedHostKey: string | null): Promise<void> {
    const previous = this.latest.get(nodeId) ?? null;
    this.latest.set(nodeId, observation);
    const events = nodeEvents(previous, observation);
    const at = new Date(observation.at);
    await this.db.$transaction([
      this.db.nodeObservation.create({ data: { nodeId, at, reachable: observation.reachable, data: observation as object } }),
      ...events.map((event) => this.db.clusterEvent.create({ data: { clusterId, at, kind: event.kind, message: event.message, data: { node: event.node } } })),
      ...(observation.hostKey !== "pinned" && presentedHostKey
        ? [this.db.node.update({ where: { id: nodeId }, data: { seenHostKeyFingerprint: presentedHostKey, hostKeyStatus: observation.hostKey } })]
        : []),
    ]);
    this.writes += 1;
    if (this.writes % PRUNE_EVERY === 0) {
      await this.db.nodeObservation.deleteMany({ where: { at: { lt: new Date(Date.now() - HISTORY_MS) } } });
    }
  }

  forget(nodeId: string): void {
    this.latest.delete(nodeId);
  }
}
