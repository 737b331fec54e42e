/**
 * The fast path of VIP tracking, pure: an `ip monitor address` line updates the node's latest
 * observation at once, and a full poll that started before that line cannot undo it.
 */
import type { AddressChange } from "@/lib/probes/parse/ip-monitor";
import type { NodeObservation } from "./observation";

/** What the address watch last saw on a node: the VIPs it holds, and when. */
export interface WatchedVips {
  at: number;
  vipsHeld: string[];
}

/** The latest observation with one VIP added or removed; null when the change is not about a VIP or the node has no usable observation. */
export function applyAddressChange(
  latest: NodeObservation | null,
  change: AddressChange,
  vips: readonly string[],
  at: Date,
): NodeObservation | null {
  if (!latest || !latest.reachable || !vips.includes(change.address)) return null;
  const held = new Set(latest.vipsHeld);
  if (change.kind === "added") held.add(change.address);
  else held.delete(change.address);
  const vipsHeld = vips.filter((vip) => held.has(vip));
  if (vipsHeld.join() === latest.vipsHeld.join()) return null;
  // A node that just released the VIP is no longer credibly MASTER: keeping its last polled state
  // would show a split-brain beside the new holder until its next poll. The confirming poll tells.
  const kept =
    change.kind === "deleted" && latest.keepalived?.state === "MASTER"
      ? { ...latest.keepalived, state: null }
      : latest.keepalived;
  // The VIPs are read now; the VRRP state is as old as before plus the time since that poll.
  const keepalived = kept
    ? { ...kept, stateAgeMs: (kept.stateAgeMs ?? 0) + Math.max(0, at.getTime() - Date.parse(latest.at)) }
    : kept;
  return { ...latest, at: at.toISOString(), vipsHeld, keepalived };
}

/**
 * A poll that read `ip addr` before the watch saw a change reports stale VIPs: keep the watch's. Its
 * VRRP state may be older still (keepalived's dump is asked for one poll ahead): a MASTER read before
 * the watch saw the node release the VIP is no more credible than in `applyAddressChange`. Kept, it
 * showed a split-brain beside the new holder for a poll after each failback.
 */
export function withWatchedVips(
  observation: NodeObservation,
  watched: WatchedVips | undefined,
  pollStartedAt: number,
): NodeObservation {
  if (!watched || !observation.reachable) return observation;
  const vipsStale = watched.at > pollStartedAt;
  const stateReadAt = Math.min(
    pollStartedAt,
    Date.parse(observation.at) - (observation.keepalived?.stateAgeMs ?? 0),
  );
  const keepalived = observation.keepalived;
  const masterStale =
    keepalived?.state === "MASTER" && watched.vipsHeld.length === 0 && watched.at > stateReadAt;
  if (!vipsStale && !masterStale) return observation;
  return {
    ...observation,
    vipsHeld: vipsStale ? watched.vipsHeld : observation.vipsHeld,
    keepalived: masterStale && keepalived ? { ...keepalived, state: null } : keepalived,
  };
}
