/** A drill's vocabulary: modes, statuses, steps, timeline and report, shared by the agents, the API, the CLI and the UI. */
import { z } from "zod";
import { forcedRequestSchema } from "@/lib/forced-request";

export const DRILL_MODES = ["process", "node", "partition"] as const;
export type DrillMode = (typeof DRILL_MODES)[number];

/** pending → running → passed | failed | aborted | interrupted (refused drills are never stored). */
export const DRILL_STATUSES = ["pending", "running", "passed", "failed", "aborted", "interrupted"] as const;
export type DrillStatus = (typeof DRILL_STATUSES)[number];
export const DRILL_FINISHED: readonly DrillStatus[] = ["passed", "failed", "aborted", "interrupted"];

export const DRILL_STEP_KINDS = [
  "precheck",
  "arm-dead-man",
  "inject-fault",
  "await-failover",
  "arp-check",
  "await-alert",
  "await-demotion",
  "undo-fault",
  "await-return",
  "await-failback",
  "confirm",
] as const;
export type DrillStepKind = (typeof DRILL_STEP_KINDS)[number];

export type DrillStepStatus = "pending" | "running" | "done" | "failed" | "skipped" | "interrupted";

export interface DrillStep {
  kind: DrillStepKind;
  node: string | null;
  status: DrillStepStatus;
  startedAt: string | null;
  finishedAt: string | null;
  log: { at: string; line: string }[];
}

/** What the live timeline shows, in order. */
export const TIMELINE_EVENTS = [
  "dead-man-armed",
  "fault-injected",
  "vip-gone",
  "vip-on-peer",
  "alert-fired",
  "demoted",
  "fault-undone",
  "node-back",
  "vip-back",
  "pair-back",
  "dead-man-cancelled",
  "note",
] as const;
export type TimelineEvent = (typeof TIMELINE_EVENTS)[number];

export interface TimelineEntry {
  at: string;
  event: TimelineEvent;
  node: string | null;
  detail: string;
}

/** How the drill expects the pair to behave, computed from the definition (lib/drill/bound.ts). */
export interface DrillExpectation {
  /** The VIP is on the peer within this long after the fault; null when the definition says it will not move. */
  failoverMs: number | null;
  /** Fail-back to the original holder after the undo, within this long; null when it should stay (nopreempt). */
  failbackMs: number | null;
  /** How the bound was computed, in words. */
  explain: string[];
  /** Definition problems that make the drill pointless (e.g. no track script watches HAProxy). */
  problems: string[];
  /**
   * Partition with a gateway check that demotes (weight 0): the holder is cut off from the gateway
   * too and must drop the VIP by itself within demotionMs, instead of hapair paging a split-brain.
   */
  isolation?: { script: string; address: string; demotionMs: number };
}

export interface ClientImpact {
  requests: number;
  failures: number;
  slow: number;
  /** The longest run of consecutive failures, in ms. */
  longestOutageMs: number;
  errors: string[];
  /** Where the loop ran from ("hapair agents host"), or why it did not run. */
  source: string;
}

export interface ArpCheck {
  from: string;
  expectedMac: string | null;
  answeredMacs: string[];
  ok: boolean;
  detail: string;
}

export interface DrillAlert {
  rule: string;
  state: string;
  severity: string;
  since: string;
  firedAt: string | null;
  /** ms from the fault to the firing (null if it did not fire). */
  afterFaultMs: number | null;
}

export interface DrillReport {
  mode: DrillMode;
  outcome: DrillStatus;
  holder: string;
  peer: string;
  forced: boolean;
  forceReason: string | null;
  /** The pre-check problems the drill was forced over. */
  forcedOver: string[];
  expectedFailoverMs: number | null;
  toleranceMs: number;
  measuredFailoverMs: number | null;
  expectedFailbackMs: number | null;
  failbackMs: number | null;
  /** Gateway-check partition: how long the isolated holder may take to drop the VIP, and how long it took. */
  expectedDemotionMs: number | null;
  demotionMs: number | null;
  clientRequests: number;
  clientFailures: number;
  clientSlow: number;
  longestOutageMs: number;
  arp: ArpCheck[];
  alerts: DrillAlert[];
  /** A split-brain that fired outside a partition drill. */
  falseSplitBrain: boolean;
  /** Left to repair by hand (empty when the pair is back as it was). */
  leftToRepair: string[];
  /** What was restored after a crash or by the dead-man timer. */
  restored: string[];
  failures: string[];
}

export interface DrillView {
  id: number;
  clusterId: string;
  revision: number;
  mode: DrillMode;
  status: DrillStatus;
  requestedBy: string;
  forceReason: string | null;
  problems: string[];
  holder: string | null;
  peer: string | null;
  steps: DrillStep[];
  timeline: TimelineEntry[];
  report: DrillReport | null;
  error: string | null;
  abortRequested: boolean;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** `force`: run although pre-checks found problems (the reason is required and audited). */
export const drillRequestSchema = forcedRequestSchema("drill", {
  mode: z.enum(DRILL_MODES, { error: "process, node or partition" }),
  /** Node death runs the definition's node command on the VIP holder: it must be confirmed each time. */
  confirmNodeDeath: z.boolean().default(false),
});

export type DrillRequest = z.infer<typeof drillRequestSchema>;
