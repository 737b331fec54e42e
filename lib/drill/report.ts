/** A drill's report and outcome from what the executor saw. Pure. */
import { MEASUREMENT_TOLERANCE_MS } from "./bound";
import type {
  ArpCheck,
  ClientImpact,
  DrillAlert,
  DrillExpectation,
  DrillMode,
  DrillReport,
  DrillStatus,
  TimelineEntry,
  TimelineEvent,
} from "./types";

export interface ReportInput {
  mode: DrillMode;
  holder: string;
  peer: string;
  forceReason: string | null;
  forcedOver: string[];
  expectation: DrillExpectation;
  timeline: TimelineEntry[];
  client: ClientImpact | null;
  arp: ArpCheck[];
  alerts: DrillAlert[];
  /** "step: message" of every failed step. */
  stepFailures: string[];
  leftToRepair: string[];
  restored: string[];
  ending: "finished" | "aborted" | "interrupted";
}

function at(timeline: TimelineEntry[], event: TimelineEvent): number | null {
  const entry = timeline.find((e) => e.event === event);
  return entry ? Date.parse(entry.at) : null;
}

export function between(timeline: TimelineEntry[], from: TimelineEvent, to: TimelineEvent): number | null {
  const a = at(timeline, from);
  const b = at(timeline, to);
  return a !== null && b !== null && b >= a ? b - a : null;
}

export function drillReport(input: ReportInput): DrillReport {
  const { expectation, timeline } = input;
  const measuredFailoverMs = between(timeline, "fault-injected", "vip-on-peer");
  const failbackMs =
    input.mode === "node"
      ? between(timeline, "node-back", "vip-back")
      : between(timeline, "fault-undone", "vip-back");
  // From the first answer without the VIP (the failover step probes the holder too), else the demotion step.
  const demotionMs = expectation.isolation
    ? (between(timeline, "fault-injected", "vip-gone") ?? between(timeline, "fault-injected", "demoted"))
    : null;
  const falseSplitBrain =
    input.mode !== "partition" && input.alerts.some((a) => a.rule === "split-brain" && a.firedAt !== null);
  const failures = [...input.stepFailures];
  const limit = (bound: number) => bound + MEASUREMENT_TOLERANCE_MS;
  if (
    expectation.failoverMs !== null &&
    measuredFailoverMs !== null &&
    measuredFailoverMs > limit(expectation.failoverMs)
  ) {
    failures.push(
      `failover took ${measuredFailoverMs} ms, over its bound of ${expectation.failoverMs} ms (+${MEASUREMENT_TOLERANCE_MS} ms tolerance)`,
    );
  }
  if (input.ending === "finished" && measuredFailoverMs === null)
    failures.push("the VIP was not seen on the peer");
  if (expectation.failbackMs !== null && failbackMs !== null && failbackMs > limit(expectation.failbackMs)) {
    failures.push(
      `fail-back took ${failbackMs} ms, over its bound of ${expectation.failbackMs} ms (+${MEASUREMENT_TOLERANCE_MS} ms tolerance)`,
    );
  }
  if (falseSplitBrain) failures.push("a split-brain alert fired during a drill that does not split the pair");
  for (const arp of input.arp.filter((a) => !a.ok)) failures.push(`ARP from ${arp.from}: ${arp.detail}`);
  for (const item of input.leftToRepair) failures.push(`left to repair: ${item}`);
  const outcome: DrillStatus =
    input.ending === "aborted"
      ? "aborted"
      : input.ending === "interrupted"
        ? "interrupted"
        : failures.length > 0
          ? "failed"
          : "passed";
  return {
    mode: input.mode,
    outcome,
    holder: input.holder,
    peer: input.peer,
    forced: input.forceReason !== null,
    forceReason: input.forceReason,
    forcedOver: input.forcedOver,
    expectedFailoverMs: expectation.failoverMs,
    toleranceMs: MEASUREMENT_TOLERANCE_MS,
    measuredFailoverMs,
    expectedFailbackMs: expectation.failbackMs,
    failbackMs,
    expectedDemotionMs: expectation.isolation?.demotionMs ?? null,
    demotionMs,
    clientRequests: input.client?.requests ?? 0,
    clientFailures: input.client?.failures ?? 0,
    clientSlow: input.client?.slow ?? 0,
    longestOutageMs: input.client?.longestOutageMs ?? 0,
    arp: input.arp,
    alerts: input.alerts,
    falseSplitBrain,
    leftToRepair: input.leftToRepair,
    restored: input.restored,
    failures,
  };
}
