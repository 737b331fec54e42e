/**
 * Reconnect delays: exponential from base to max, with full jitter so failed nodes do not retry in
 * step. A failure that cost next to nothing — the node's kernel refused or reset the connect at once,
 * or TCP connected (the node answers again, sshd may just be starting) — is retried at least every
 * `cheapMaxMs`: a node that restarts is then seen within a poll interval of its sshd answering,
 * instead of after a backoff grown while it was down. Silence (a connect that times out) still
 * backs off to `maxMs`, as do refused keys and host keys (they wait for an operator).
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** The cap for a cheap failure; keep it at or below the poll interval. */
  cheapMaxMs?: number;
}

export type FailureCost = "cheap" | "costly";

/** Errors the node's own network stack answers with at once: nothing listens, or the path says no. */
const ANSWERED_AT_ONCE = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

/** How much a failed connect cost: cheap when the node answered at once or TCP connected. */
export function connectFailureCost(failure: { code?: unknown; tcpConnected: boolean }): FailureCost {
  if (failure.tcpConnected) return "cheap";
  return typeof failure.code === "string" && ANSWERED_AT_ONCE.has(failure.code) ? "cheap" : "costly";
}

export function backoffDelay(
  failures: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
  cost: FailureCost = "costly",
): number {
  if (failures <= 0) return 0;
  const max = cost === "cheap" ? Math.min(policy.maxMs, policy.cheapMaxMs ?? policy.maxMs) : policy.maxMs;
  const ceiling = Math.min(max, policy.baseMs * 2 ** (failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
