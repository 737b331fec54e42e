/**
 * Keeps one NodePoller per node of every cluster, reconciling with the database every few seconds:
 * new clusters and nodes start polling, changed ones restart, removed ones stop.
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { latestDefinitions } from "@/lib/store/revisions";
import { startLoop, withCleanup, type LoopHandle } from "../runtime/loop";
import { startNodePoller, type NodePoller } from "./node-poller";
import { ObservationSink } from "./observation-sink";
import { pollTargets } from "./targets";

export function startPollerService(db: Database, pool: SshPool, options: { onStateChange?: () => void } = {}): LoopHandle {
  const sink = new ObservationSink(db, options.onStateChange);
  const running = new Map<string, { key: string; poller: NodePoller }>();

  const reconcile = async () => {
    const clusters = await latestDefinitions(db);
    const nodes = await db.node.findMany({ select: { id: true, name: true, hostKeyFingerprint: true } });
    const pinned = new Map(nodes.map((n) => [n.id, n.hostKeyFingerprint]));
    const targets = pollTargets(
      clusters.map((c) => ({
        ...c,
        pinnedKeys: Object.fromEntries(Object.entries(c.nodeIds).map(([name, id]) => [name, pinned.get(id) ?? null])),
      })),
    );
    const wanted = new Map(targets.map((t) => [t.nodeId, t]));
    for (const [nodeId, entry] of running) {
      const target = wanted.get(nodeId);
      if (!target || target.key !== entry.key) {
        running.delete(nodeId);
        await entry.poller.stop();
        pool.close(nodeId);
      }
    }
    for (const target of targets) {
      if (!running.has(target.nodeId)) running.set(target.nodeId, { key: target.key, poller: startNodePoller(target, pool, sink) });
    }
  };

  const loop = startLoop({ name: "poller reconcile", intervalMs: 5_000, timeoutMs: 4_000, startJitterMs: 0, run: reconcile });
  return withCleanup(loop, async () => {
    await Promise.all([...running.values()].map((entry) => entry.poller.stop()));
    running.clear();
  });
}
