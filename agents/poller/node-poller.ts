/**
 * Keeps one node fresh: a self-rescheduling poll loop, plus a long-lived `ip monitor address` stream
 * whose VIP changes are written at once (then confirmed by an immediate poll), so a VIP move is seen
 * in milliseconds.
 */
import { createNodeProbe } from "@/lib/probes/collect";
import { unreachableObservation } from "@/lib/probes/assemble";
import { parseIpMonitorLine } from "@/lib/probes/parse/ip-monitor";
import { isSshError, type SshPool } from "@/lib/ssh";
import type { NodeObservation } from "@/lib/status/observation";
import { startLoop, type LoopHandle } from "../runtime/loop";
import type { ObservationSink } from "./observation-sink";
import type { PollTarget } from "./targets";

export const POLL_INTERVAL_MS = 2_000;
export const POLL_TIMEOUT_MS = 1_500;
const WATCH_RESTART_MS = 2_000;

export interface NodePoller {
  stop(): Promise<void>;
}

/** What a node poller writes to (the ObservationSink; a fake in unit tests). */
export type ObservationWriter = Pick<ObservationSink, "record" | "recordAddressChange" | "forget">;

export function startNodePoller(
  target: PollTarget,
  pool: Pick<SshPool, "shell" | "follow">,
  sink: ObservationWriter,
  timing: { intervalMs: number; timeoutMs: number; watchRestartMs?: number } = {
    intervalMs: POLL_INTERVAL_MS,
    timeoutMs: POLL_TIMEOUT_MS,
  },
): NodePoller {
  const probe = createNodeProbe(pool.shell(target.ssh, target.nodeName), target.spec, {
    socketsOnNode: target.ssh.runtimeApi !== "forward",
    traffic: true,
  });
  const poll = async (signal: AbortSignal) => {
    const startedAt = Date.now();
    let observation: NodeObservation;
    let presented: string | null = null;
    let traffic = null;
    try {
      observation = await probe.collect(signal);
      traffic = probe.traffic();
    } catch (error) {
      const hostKey =
        isSshError(error) && error.kind === "hostkey-mismatch"
          ? "mismatch"
          : isSshError(error) && error.kind === "hostkey-unknown"
            ? "unknown"
            : "pinned";
      presented = isSshError(error) ? (error.presentedHostKey ?? null) : null;
      observation = unreachableObservation(target.nodeName, new Date(), describe(error), hostKey);
    }
    await sink.record(target.clusterId, target.nodeId, observation, presented, startedAt, traffic);
  };
  const loop: LoopHandle = startLoop({
    name: `poll ${target.nodeName}`,
    intervalMs: timing.intervalMs,
    timeoutMs: timing.timeoutMs,
    run: poll,
  });

  // The watcher runs until stopped, restarting after the stream ends (connection lost, node down).
  const watchStop = new AbortController();
  const vips = target.spec.vips;
  const onAddressLine = (line: string) => {
    const change = parseIpMonitorLine(line);
    if (!change || !vips.includes(change.address)) return;
    // Write the VIP change now (milliseconds), then let a full poll confirm the rest of the state.
    void sink
      .recordAddressChange(target.clusterId, target.nodeId, change, vips)
      .catch((error: unknown) => console.error(`[watch ${target.nodeName}] ${describe(error)}`))
      .finally(() => loop.trigger());
  };
  const watch = (async () => {
    while (!watchStop.signal.aborted) {
      try {
        await pool.follow(target.ssh, ["ip", "-o", "monitor", "address"], {
          signal: watchStop.signal,
          onLine: onAddressLine,
        });
      } catch {
        // The poll loop reports the node's reachability; the watcher only retries.
      }
      if (watchStop.signal.aborted) break;
      await new Promise((resolve) => setTimeout(resolve, timing.watchRestartMs ?? WATCH_RESTART_MS));
    }
  })();

  return {
    async stop() {
      watchStop.abort();
      await Promise.all([loop.stop(), watch]);
      probe.close();
      sink.forget(target.nodeId);
    },
  };
}

function describe(error: unknown): string {
  if (isSshError(error)) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
