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
import { POLL_INTERVAL_MS, POLL_TIMEOUT_MS, WATCH_RESTART_MS } from "@/lib/timing";
import { startLoop, type LoopHandle, type LoopState } from "../runtime/loop";
import type { ObservationSink } from "./observation-sink";
import type { PollTarget } from "./targets";
import { errorMessage } from "@/lib/error-message";

export interface NodePoller {
  /** The VIP watcher's loop: a stream open or not, failures in a row, the last error. */
  watchState(): LoopState;
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
    const pollMs = Date.now() - startedAt;
    await sink.record(target.clusterId, target.nodeId, observation, presented, startedAt, traffic, pollMs);
  };
  const loop: LoopHandle = startLoop({
    name: `poll ${target.nodeName}`,
    intervalMs: timing.intervalMs,
    timeoutMs: timing.timeoutMs,
    run: poll,
  });

  // The watcher holds `ip monitor` open; when the stream ends or fails (connection lost, node down)
  // the loop starts it again after a pause. An error is logged when it differs from the previous one
  // (a node that stays down does not flood the log) and is kept in the loop's state.
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
  let lastLogged: string | null = null;
  const watcher = startLoop({
    name: `watch ${target.nodeName}`,
    intervalMs: timing.watchRestartMs ?? WATCH_RESTART_MS,
    timeoutMs: 0,
    session: true,
    startJitterMs: 0,
    run: async (signal) => {
      await pool.follow(target.ssh, ["ip", "-o", "monitor", "address"], { signal, onLine: onAddressLine });
      if (lastLogged !== null) console.error(`[watch ${target.nodeName}] watching again`);
      lastLogged = null;
    },
    onError: (error, name) => {
      const message = describe(error);
      if (message !== lastLogged) console.error(`[${name}] ${message} (retrying)`);
      lastLogged = message;
    },
  });

  return {
    watchState: () => watcher.state(),
    async stop() {
      await Promise.all([loop.stop(), watcher.stop()]);
      probe.close();
      sink.forget(target.nodeId);
    },
  };
}

function describe(error: unknown): string {
  if (isSshError(error)) return `${error.kind}: ${error.message}`;
  return errorMessage(error);
}
