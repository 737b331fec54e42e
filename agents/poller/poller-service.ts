/**
 * Keeps one NodePoller per node of every cluster this process owns (its lease: coordination.ts),
 * reconciling with the database every few seconds and at once when the owned clusters change: new
 * clusters and nodes start polling, changed ones restart, removed or handed-over ones stop.
 */
import type { Database } from "@/lib/db/client";
import type { SshPool } from "@/lib/ssh";
import { latestDefinitions } from "@/lib/store/revisions";
import { RECONCILE_INTERVAL_MS, RECONCILE_TIMEOUT_MS } from "@/lib/timing";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import { startLoop, withCleanup, type LoopHandle } from "../runtime/loop";
import { startNodePoller, type NodePoller } from "./node-poller";
import { ObservationSink } from "./observation-sink";
import { pollTargets, type PollTarget } from "./targets";
import { errorMessage } from "@/lib/error-message";

export function startPollerService(
  db: Database,
  pool: SshPool,
  options: { onStateChange?: () => void; coordination?: Coordination } = {},
): LoopHandle {
  const coordination = options.coordination ?? soloCoordination();
  const sink = new ObservationSink(db, {
    onStateChange: options.onStateChange,
    owns: (id) => coordination.owns(id),
  });
  const running = new Map<string, { key: string; poller: NodePoller }>();

  const reconcile = async () => {
    const clusters = (await latestDefinitions(db)).filter((c) => coordination.owns(c.clusterId));
    const nodes = await db.node.findMany({ select: { id: true, name: true, hostKeyFingerprint: true } });
    const pinned = new Map(nodes.map((n) => [n.id, n.hostKeyFingerprint]));
    // Per cluster: one cluster whose targets cannot be worked out keeps its pollers as they are (and
    // says so in the log); every other cluster is reconciled. A bad key is not such an error: it is
    // the node's own "key" error, recorded by its poller as the reason it is unreachable.
    const wanted = new Map<string, PollTarget>();
    const kept = new Set<string>();
    for (const cluster of clusters) {
      try {
        const pinnedKeys = Object.fromEntries(
          Object.entries(cluster.nodeIds).map(([name, id]) => [name, pinned.get(id) ?? null]),
        );
        for (const target of pollTargets([{ ...cluster, pinnedKeys }])) wanted.set(target.nodeId, target);
      } catch (error) {
        for (const id of Object.values(cluster.nodeIds)) kept.add(id);
        console.error(`[poller] cluster ${cluster.definition.name}: ${errorMessage(error)}`);
      }
    }
    for (const [nodeId, entry] of running) {
      const target = wanted.get(nodeId);
      if (kept.has(nodeId) || (target && target.key === entry.key)) continue;
      running.delete(nodeId);
      await entry.poller
        .stop()
        .catch((error: unknown) => console.error(`[poller] stopping ${nodeId}: ${String(error)}`));
      pool.close(nodeId);
    }
    for (const target of wanted.values()) {
      if (running.has(target.nodeId)) continue;
      try {
        running.set(target.nodeId, { key: target.key, poller: startNodePoller(target, pool, sink) });
      } catch (error) {
        console.error(`[poller] ${target.nodeName}: cannot start polling: ${errorMessage(error)}`);
      }
    }
  };

  const loop = startLoop({
    name: "poller reconcile",
    intervalMs: RECONCILE_INTERVAL_MS,
    timeoutMs: RECONCILE_TIMEOUT_MS,
    startJitterMs: 0,
    run: reconcile,
  });
  const unsubscribe = coordination.onChange(() => loop.trigger());
  return withCleanup(loop, async () => {
    unsubscribe();
    await Promise.all([...running.values()].map((entry) => entry.poller.stop()));
    running.clear();
  });
}
