/** Observations and inputs for the alert-rule tests: the article's pair, lb-01 MASTER with the VIP. */
import { alertingSchema, type AlertingSettings } from "@/lib/cluster/schema/alerting";
import type { NodeObservation } from "@/lib/status/observation";
import { holding as holdingVip, nodeObservation, server } from "@/lib/status/__fixtures__/observation";
import type { AlertInput, AlertSubject } from "../types";

export const T0 = Date.parse("2026-11-25T12:00:00Z");
export const VIP = "10.0.0.100";

export function subject(alerting: Partial<AlertingSettings> = {}): AlertSubject {
  return {
    name: "article",
    nodes: [
      { name: "lb-01", role: "MASTER" },
      { name: "lb-02", role: "BACKUP" },
    ],
    vips: [{ address: VIP, prefix: 24, interface: "eth0" }],
    virtualRouterId: 51,
    segments: ["10.0.0.0/24@eth0"],
    backends: { be_app: ["app-01", "app-02", "app-03"] },
    settings: { ...alertingSchema.parse({}), ...alerting },
  };
}

export function observed(name: string, at: number, patch: Partial<NodeObservation> = {}): NodeObservation {
  return nodeObservation(
    name,
    {
      at: new Date(at).toISOString(),
      ...(name === "lb-01" ? holdingVip(VIP, 110) : {}),
      checksums: { "haproxy.cfg": "cfg-1", "keepalived.conf": `ka-${name}`, "/etc/haproxy/certs/site.pem": "pem-1" },
      ...patch,
    },
    ["app-01", "app-02", "app-03"].map((name) => server(name)),
  );
}

export const holding = (name: string, at: number, patch: Partial<NodeObservation> = {}) =>
  observed(name, at, { vipsHeld: [VIP], keepalived: { running: true, state: "MASTER", priority: 100, effectivePriority: 100 }, ...patch });
/** A node the poller could not read (`error` says why): nothing of it is known. */
export const unreachable = (name: string, at: number, error: string, patch: Partial<NodeObservation> = {}) =>
  observed(name, at, { reachable: false, error, vipsHeld: [], keepalived: null, haproxy: null, ...patch });
export const released = (name: string, at: number, patch: Partial<NodeObservation> = {}) =>
  observed(name, at, { vipsHeld: [], keepalived: { running: true, state: "BACKUP", priority: 110, effectivePriority: 90 }, ...patch });

/** A healthy pair observed just now, with the given nodes replaced. */
export function input(now: number, nodes: Partial<Record<"lb-01" | "lb-02", NodeObservation | undefined>> = {}, extra: Partial<AlertInput> = {}): AlertInput {
  return {
    subject: subject(),
    observations: { "lb-01": observed("lb-01", now - 500), "lb-02": observed("lb-02", now - 500), ...nodes },
    now,
    vipMoves: [],
    otherClusters: [],
    ...extra,
  };
}
