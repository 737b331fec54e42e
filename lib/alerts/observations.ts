/** Shared reads over a cluster's observations for the rules. Pure. */
import type { NodeObservation } from "@/lib/status/observation";
import type { AlertInput } from "./types";

export const seconds = (value: number) => value * 1000;

export function ageMs(input: AlertInput, observation: NodeObservation): number {
  return input.now - Date.parse(observation.at);
}

/** Observations no older than the cluster's stale threshold, in definition order. */
export function freshObservations(input: AlertInput): NodeObservation[] {
  const limit = seconds(input.subject.settings.staleAfterSeconds);
  return input.subject.nodes.flatMap((node) => {
    const observation = input.observations[node.name];
    return observation && ageMs(input, observation) <= limit ? [observation] : [];
  });
}

export function freshReachable(input: AlertInput): NodeObservation[] {
  return freshObservations(input).filter((o) => o.reachable);
}

/** A node's label in alerts: its VRRP state now when known (a failed-over "lb-01" is BACKUP), else its configured role. */
export function stateLabel(input: AlertInput, observation: NodeObservation): string {
  return observation.keepalived?.state ?? `configured ${roleOf(input, observation.node)}`;
}

export function roleOf(input: AlertInput, node: string): string {
  return input.subject.nodes.find((n) => n.name === node)?.role ?? "?";
}

/** What a node was seen holding, as `ip addr` would list it, with its VRRP state: split-brain evidence. */
export function addressEvidence(input: AlertInput, observation: NodeObservation) {
  return {
    at: observation.at,
    role: roleOf(input, observation.node),
    vrrpState: observation.keepalived?.state ?? null,
    vrrpStateAgeMs: observation.keepalived?.stateAgeMs ?? 0,
    priority: observation.keepalived?.effectivePriority ?? null,
    ipAddr: input.subject.vips
      .filter((vip) => observation.vipsHeld.includes(vip.address))
      .map((vip) => `inet ${vip.address}/${vip.prefix} scope global secondary ${vip.interface}`),
  };
}
