/** What alert rules read and produce: plain data, no I/O. */
import type { Served } from "@/lib/certificates/types";
import type { AlertingSettings } from "@/lib/cluster/schema/alerting";
import type { DeclaredServers } from "@/lib/status/declared-servers";
import type { NodeObservation } from "@/lib/status/observation";
import type { ArpTruth } from "@/lib/status/arp-truth";

export const RULES = [
  "split-brain",
  "no-vip-holder",
  "ha-degraded",
  "backends",
  "drift",
  "flapping",
  "stale-data",
  "certificate-mismatch",
  "certificate-expiry",
  "stale-arp",
  "vrid-collision",
  "advert-loss",
  "too-many-conditions",
] as const;
export type RuleId = (typeof RULES)[number];
export type Severity = "critical" | "warning";
/** Pages that go out ahead of everything else, whatever else is queued: the VIP is at stake. */
export const PAGE_FIRST_RULES: readonly RuleId[] = ["split-brain", "no-vip-holder"];

/** A problem a rule sees now. `key` tells apart several instances of one rule (per node, per backend, per file). */
export interface Condition {
  rule: RuleId;
  key: string;
  severity: Severity;
  summary: string;
  /** How long the condition must last before it fires. */
  holdMs: number;
  evidence: Record<string, unknown>;
}

/** The parts of a cluster definition the rules need. */
export interface AlertSubject {
  name: string;
  /** `address`: the node's own address on the VRRP segment. */
  nodes: { name: string; role: "MASTER" | "BACKUP"; address?: string }[];
  vips: { address: string; prefix: number; interface: string }[];
  virtualRouterId: number;
  /** Segments of the VIPs ("10.0.0.0/24@eth0"), for VRID collisions. */
  segments: string[];
  /** The backend servers the definition declares: the only ones the rules look at (a node may invent others). */
  backends: DeclaredServers;
  settings: AlertingSettings;
}

export interface AlertInput {
  subject: AlertSubject;
  /** Newest observation per node name (missing when never polled). */
  observations: Record<string, NodeObservation | undefined>;
  now: number;
  /** Epoch ms of every VIP acquisition within the flapping window (from the timeline). */
  vipMoves: number[];
  /** Other clusters on this cluster's VRID (only those can clash with it: lib/alerts/other-clusters.ts). */
  otherClusters: { name: string; virtualRouterId: number; segments: string[] }[];
  /** The cluster's certificates and what the last check saw each node and the VIP serve. */
  certificates?: CertificateFacts[];
  /** The newest ARP truth reading (`arpCheck` in the definition); absent when not checked. */
  arp?: ArpTruth;
  /** Checksums of the files the last rollout pushed, per node then per file; absent when unknown. */
  lastPushed?: Record<string, Record<string, string>>;
}

export type Rule = (input: AlertInput) => Condition[];

export interface CertificateFacts {
  name: string;
  path: string;
  /** SHA-256, colon-separated hex. */
  fingerprint: string;
  /** SHA-1, hex (HAProxy's `show ssl cert`). */
  sha1: string;
  notAfter: string;
  served: Served;
}
