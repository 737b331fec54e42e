/** Node observations for tests of the rules that read them (status, alerts, gate, drills, metrics). */
import type { NodeObservation, ServerObservation } from "../observation";

/** A server of be_app as HAProxy's `show stat` reports it, without sessions. */
export function server(name: string, status = "UP", checkStatus: string | null = "L7OK"): ServerObservation {
  return { backend: "be_app", server: name, status, checkStatus, sessions: 0 };
}

/**
 * A node as a poll reads it when all is well: reachable, host key pinned, keepalived BACKUP at
 * priority 100 without a VIP, HAProxy running with `servers`; `patch` over it.
 */
export function nodeObservation(
  node: string,
  patch: Partial<NodeObservation> = {},
  servers: ServerObservation[] = [],
): NodeObservation {
  return {
    node,
    at: new Date().toISOString(),
    reachable: true,
    error: null,
    hostKey: "pinned",
    vipsHeld: [],
    keepalived: { running: true, state: "BACKUP", priority: 100, effectivePriority: 100 },
    haproxy: { running: true, masterPid: 10, reloads: 0, failedReloads: 0, workerPids: [11], servers, error: null },
    nonlocalBind: true,
    checksums: {},
    ...patch,
  };
}

/** The patch of a node that holds `vip` as keepalived's MASTER at `priority`. */
export function holding(vip: string, priority = 100): Partial<NodeObservation> {
  return { vipsHeld: [vip], keepalived: { running: true, state: "MASTER", priority, effectivePriority: priority } };
}
