/**
 * Advert loss with its direction, from keepalived's own counters: a node that receives fewer of its
 * peer's adverts than the peer sends (a lossy link, a rate-limiting ACL) alerts before keepalived gives
 * up on its peer; a node that hears none is named as the cause of a split-brain ("lb-02 does not hear
 * lb-01; lb-01 hears lb-02"). Rates, not counts, are compared: each node's span ends at its own reading.
 */
import type { AdvertSpan, AdvertWindow } from "@/lib/status/segment";
import type { NodeObservation } from "@/lib/status/observation";
import { freshReachable, seconds } from "../observations";
import type { AlertInput, Condition, Rule } from "../types";

/** Loss judged over at least this many expected adverts (about 10 s at keepalived's default interval). */
export const MIN_EXPECTED = 10;
/** Loss at or above this share alerts (30 adverts differ by one or two between two nodes' spans). */
export const LOSS_THRESHOLD = 0.15;
/** "Hears nothing": none received of at least this many expected in the short span (about 2 s). */
const MIN_EXPECTED_SHORT = 1.5;

export interface Hearing {
  sender: string;
  receiver: string;
  /** Over the receiver's long span: its adverts received, and how many the sender's rate implies. */
  received: number;
  expected: number;
  spanMs: number;
  /** Within the short span: the sender sent and the receiver got none. */
  deaf: boolean;
  /** Within the short span: the receiver got adverts while the sender sent. */
  hears: boolean;
}

const windowOf = (o: NodeObservation, vrid: number): AdvertWindow | undefined =>
  o.adverts?.find((w) => w.vrid === vrid);

/** How many adverts the sender's rate over its span implies over the receiver's span. */
const expectedOver = (sender: AdvertSpan, receiver: AdvertSpan) =>
  sender.ms > 0 && receiver.ms > 0 ? (sender.sent / sender.ms) * receiver.ms : 0;

/** Each direction between the two nodes where the sender is advertising. */
export function hearings(input: AlertInput): Hearing[] {
  const vrid = input.subject.virtualRouterId;
  const nodes = freshReachable(input).flatMap((o) => {
    const w = windowOf(o, vrid);
    return w ? [{ name: o.node, w }] : [];
  });
  const result: Hearing[] = [];
  for (const s of nodes) {
    for (const r of nodes) {
      if (s === r) continue;
      const expected = expectedOver(s.w.long, r.w.long);
      const expectedShort = expectedOver(s.w.short, r.w.short);
      if (expected === 0 && expectedShort === 0) continue;
      result.push({
        sender: s.name,
        receiver: r.name,
        received: r.w.long.received,
        expected,
        spanMs: r.w.long.ms,
        deaf: expectedShort >= MIN_EXPECTED_SHORT && r.w.short.received === 0,
        hears: expectedShort > 0 && r.w.short.received > 0,
      });
    }
  }
  return result;
}

/** The direction sentence for a split-brain page, or null when no node is deaf to the other. */
export function splitBrainCause(input: AlertInput): string | null {
  const all = hearings(input);
  const deaf = all.filter((h) => h.deaf);
  if (deaf.length === 0) return null;
  const parts = deaf.map((h) => `${h.receiver} does not hear ${h.sender}`);
  for (const h of all) if (h.hears) parts.push(`${h.receiver} hears ${h.sender}`);
  return parts.join("; ");
}

export const advertLoss: Rule = (input) =>
  hearings(input).flatMap((h): Condition[] => {
    const loss = h.expected > 0 ? 1 - h.received / h.expected : 0;
    if (h.expected < MIN_EXPECTED || loss < LOSS_THRESHOLD) return [];
    const expected = Math.round(h.expected);
    const span = Math.round(h.spanMs / 1000);
    const summary =
      h.received === 0
        ? `${h.receiver} does not hear ${h.sender}: 0 of about ${expected} adverts in ${span} s`
        : `${h.receiver} receives fewer of ${h.sender}'s adverts than ${h.sender} sends: ${h.received} of about ${expected} in ${span} s (${Math.round(loss * 100)}% lost)`;
    return [
      {
        rule: "advert-loss",
        key: `${h.sender}->${h.receiver}`,
        severity: "warning",
        summary,
        holdMs: seconds(input.subject.settings.hold.advertLoss),
        evidence: {
          sender: h.sender,
          receiver: h.receiver,
          received: h.received,
          expected,
          spanSeconds: span,
          lossPercent: Math.round(loss * 100),
        },
      },
    ];
  });
