/**
 * What a worker asks about the other agents processes sharing its database: which clusters this one
 * owns (polls, evaluates, checks), and whether a row's owner still runs. The membership loop
 * (membership.ts) answers from the leases; `soloCoordination` is one process alone, as in tests and
 * scripts that run a worker by itself.
 */
import { randomUUID } from "node:crypto";

export interface Coordination {
  /** This process's id, written as the owner of every row it claims. */
  readonly self: string;
  /** Whether this process holds the cluster's lease right now (checked just before acting on it). */
  owns(clusterId: string): boolean;
  /** Whether a row's owner no longer runs, so its work may be taken over (an unowned row's owner is dead). */
  isDead(owner: string | null): boolean;
  /** Calls `listener` whenever the owned clusters change; the function returned stops that. */
  onChange(listener: () => void): () => void;
}

/** One process alone: it owns every cluster, and any other owner (an earlier process, or a worker stopped mid-job) is dead. */
export function soloCoordination(): Coordination {
  const self = `solo-${randomUUID()}`;
  return {
    self,
    owns: () => true,
    isDead: (owner) => owner !== self,
    onChange: () => () => {},
  };
}
