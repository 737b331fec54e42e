/**
 * Split-brain: both nodes hold the VIP, or both report MASTER (the article: "if both LBs report MASTER
 * for more than a few seconds, page someone"). Only recent observations count: a node cut off keeps its
 * last "holds the VIP" reading until its poll times out, and must not pair up with the backup that
 * rightly took over meanwhile. A real split-brain keeps both nodes answering, so both stay recent.
 * Each reading carries its own age: the VRRP state comes from keepalived's dump asked for one poll
 * ahead, so a node that just left MASTER (its VIP already gone in a fresh reading) still reads
 * MASTER for a poll. A MASTER reading older than the node's own VIP reading counts only when that
 * VIP reading agrees (the node holds the VIP); else it is stale, not a second MASTER.
 */
import { addressEvidence, ageMs, freshReachable, seconds } from "../observations";
import { SPLIT_BRAIN_FRESH_MS } from "@/lib/timing";
import type { Condition, Rule } from "../types";
import { splitBrainCause } from "./advert-loss";

/** Two poll intervals (lib/timing.ts): a reachable node is re-read at least this often. */
export const SPLIT_BRAIN_CONFIRM_MS = SPLIT_BRAIN_FRESH_MS;

export const splitBrain: Rule = (input) => {
  const recent = freshReachable(input).filter((o) => ageMs(input, o) <= SPLIT_BRAIN_CONFIRM_MS);
  const holders = recent.filter((o) => o.vipsHeld.length > 0);
  const masters = recent.filter((o) => {
    const k = o.keepalived;
    if (!k?.running || k.state !== "MASTER") return false;
    const stateAge = k.stateAgeMs ?? 0;
    return ageMs(input, o) + stateAge <= SPLIT_BRAIN_CONFIRM_MS && (stateAge === 0 || o.vipsHeld.length > 0);
  });
  if (holders.length < 2 && masters.length < 2) return [];
  // One-way advert loss is the usual cause, and what the operator must fix: named when the counters show it.
  const cause = splitBrainCause(input);
  const summary =
    (holders.length > 1
      ? `VIP held by both ${holders.map((o) => o.node).join(" and ")}`
      : `both ${masters.map((o) => o.node).join(" and ")} report MASTER`) + (cause ? `: ${cause}` : "");
  const condition: Condition = {
    rule: "split-brain",
    key: "split-brain",
    severity: "critical",
    summary,
    holdMs: seconds(input.subject.settings.hold.splitBrain),
    evidence: {
      nodes: Object.fromEntries(recent.map((o) => [o.node, addressEvidence(input, o)])),
      ...(cause ? { cause } : {}),
    },
  };
  return [condition];
};
