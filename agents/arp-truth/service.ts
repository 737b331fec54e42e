/**
 * The agents' ARP truth loop: for each cluster with `arpCheck`, a check right after its VIP moved
 * (the holder in the newest observations differs from the last reading's) and every
 * `arpCheck.everySeconds`; one check per cluster at a time, in the background, so a slow node or
 * witness never holds up the loop or another cluster.
 */
import type { Database } from "@/lib/db/client";
import { errorMessage } from "@/lib/error-message";
import type { SshPool } from "@/lib/ssh";
import { arpCheckClusters, saveArpTruth, type ArpCheckCluster } from "@/lib/store/arp-truth";
import { ALERT_STALE_AFTER_SECONDS } from "@/lib/timing";
import { soloCoordination, type Coordination } from "../runtime/coordination";
import { startLoop, withCleanup, type LoopHandle } from "../runtime/loop";
import { nodeTargetOrReason } from "../runtime/node-target";
import { checkArpTruth } from "./check";

export const ARP_LOOP_INTERVAL_MS = 1_000;
/** A check's SSH commands together (each bounded by ARP_COMMAND_TIMEOUT_MS) may take this long. */
const CHECK_TIMEOUT_MS = 12_000;

export function isDue(cluster: ArpCheckCluster, now: number): boolean {
  if (cluster.lastAt === null) return true;
  const moved = Object.entries(cluster.holders).some(
    ([vip, { holder }]) => holder !== null && holder !== (cluster.lastHolders[vip] ?? null),
  );
  const everyMs = (cluster.definition.arpCheck?.everySeconds ?? 30) * 1000;
  return moved || now - cluster.lastAt >= everyMs;
}

export function startArpTruthService(
  db: Database,
  pool: SshPool,
  coordination: Coordination = soloCoordination(),
): LoopHandle {
  const inFlight = new Map<string, Promise<void>>();
  const stopping = new AbortController();

  const check = async (cluster: ArpCheckCluster) => {
    const signal = AbortSignal.any([stopping.signal, AbortSignal.timeout(CHECK_TIMEOUT_MS)]);
    const targets = Object.fromEntries(
      cluster.definition.nodes.map((node) => [
        node.name,
        nodeTargetOrReason(cluster.nodeIds[node.name], node, cluster.pins[node.name] ?? null),
      ]),
    );
    const truth = await checkArpTruth(pool, {
      clusterId: cluster.clusterId,
      definition: cluster.definition,
      targets,
      holders: cluster.holders,
      signal,
    });
    await saveArpTruth(db, cluster.clusterId, truth);
  };

  const loop = startLoop({
    name: "arp truth",
    intervalMs: ARP_LOOP_INTERVAL_MS,
    timeoutMs: ARP_LOOP_INTERVAL_MS - 100,
    startJitterMs: 0,
    run: async () => {
      const now = Date.now();
      for (const cluster of await arpCheckClusters(db, now, ALERT_STALE_AFTER_SECONDS * 1000)) {
        if (inFlight.has(cluster.clusterId) || !coordination.owns(cluster.clusterId)) continue;
        if (!isDue(cluster, now)) continue;
        const work = check(cluster)
          .catch((error: unknown) =>
            console.error(`[arp truth] ${cluster.definition.name}: ${errorMessage(error)}`),
          )
          .finally(() => inFlight.delete(cluster.clusterId));
        inFlight.set(cluster.clusterId, work);
      }
    },
  });
  return withCleanup(loop, async () => {
    stopping.abort(new Error("agents stopping"));
    await Promise.allSettled([...inFlight.values()]);
  });
}
