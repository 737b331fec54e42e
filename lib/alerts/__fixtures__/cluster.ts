/** Observations and inputs for the alert-rule tests: the article's pair, lb-01 MASTER with the VIP. */
import { alertingSchema, type AlertingSettings } from "@/lib/cluster/schema/alerting";
import type { NodeObservation } from "@/lib/status/observation";
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
  const master = name === "lb-01";
  return {
    node: name,
    at: new Date(at).toISOString(),
    reachable: true,
    error: null,
    hostKey: "pinned",
    vipsHeld: master ? [VIP] : [],
    keepalived: { running: true, state: master ? "MASTER" : "BACKUP", priority: master ? 110 : 100, effectivePriority: master ? 110 : 100 },
    haproxy: {
      running: true,
      masterPid: 10,
      reloads: 0,
      failedReloads: 0,
      workerPids: [11],
      servers: ["app-01", "app-02", "app-03"].map((server) => ({ backend: "be_app", server, status: "UP", checkStatus: "L7OK", sessions: 0 })),
      error: null,
    },
    nonlocalBind: true,
    checksums: { "haproxy.cfg": "cfg-1", "keepalived.conf": `ka-${name}`, "/etc/haproxy/certs/site.pem": "pem-1" },
    ...patch,
  };
}

export const holding = (name: string, at: number, patch: Partial<NodeObservation> = {}) =>
  observed(name, at, { vipsHeld: [VIP], keepalived: { running: true, state: "MASTER", priority: 100, effectivePriority: 100 }, ...patch });
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
