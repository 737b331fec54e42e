/**
 * Client impact: a bounded loop of requests through the VIP from the agents' host for the drill's
 * duration, counting failed and slow requests and the longest outage. Sequential, one at a time.
 */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { ClientImpact } from "@/lib/drill/types";
import { requestStatus, vipUrls } from "../runtime/vip-probe";
import type { ClientLoop } from "./types";
import { errorMessage } from "@/lib/error-message";

const REQUEST_TIMEOUT_MS = 1_000;
const SLOW_MS = 500;
const GAP_MS = 100;
/** A drill lasts at most a few minutes: this many requests is far beyond it, so the loop ends by itself. */
const MAX_REQUESTS = 3_000;

export function startClientLoop(definition: ClusterDefinition): ClientLoop | null {
  const target = vipUrls(definition)[0];
  if (!target) return null;
  const impact: ClientImpact = {
    requests: 0,
    failures: 0,
    slow: 0,
    longestOutageMs: 0,
    errors: [],
    source: `hapair agents host → ${target.url}`,
  };
  let stopped = false;
  let outageSince: number | null = null;
  const loop = (async () => {
    while (!stopped && impact.requests < MAX_REQUESTS) {
      const started = Date.now();
      const error = await requestStatus(target.url, target.tls, REQUEST_TIMEOUT_MS).then(
        (status) => (status >= 500 ? `status ${status}` : null),
        errorMessage,
      );
      const took = Date.now() - started;
      impact.requests++;
      if (error) {
        impact.failures++;
        outageSince ??= started;
        if (impact.errors.length < 10) impact.errors.push(`${new Date(started).toISOString()} ${error}`);
      } else {
        if (took > SLOW_MS) impact.slow++;
        if (outageSince !== null)
          impact.longestOutageMs = Math.max(impact.longestOutageMs, started - outageSince);
        outageSince = null;
      }
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      if (outageSince !== null)
        impact.longestOutageMs = Math.max(impact.longestOutageMs, Date.now() - outageSince);
      return impact;
    },
  };
}
