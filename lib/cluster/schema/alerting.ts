/**
 * Per-cluster alerting settings, kept in the definition so they live in git with the rest. Every
 * field has a default: a definition without this section alerts with the defaults below.
 */
import { z } from "zod";
import { ALERT_STALE_AFTER_SECONDS } from "@/lib/timing";
import { intIn } from "./primitives";

/** How long a condition must last before it fires, per rule (seconds). */
export const alertHoldSchema = z.strictObject({
  /** Both nodes hold the VIP or report MASTER. A normal failover overlaps for well under a second. */
  splitBrain: intIn(0, 600).default(2),
  /** No reachable node holds the VIP. A dead master leaves none for about 3 s before the backup takes over. */
  noVipHolder: intIn(0, 600).default(8),
  /** Node unreachable, keepalived or HAProxy down, nonlocal bind off. */
  haDegraded: intIn(0, 3600).default(6),
  /** The VIP on a node whose HAProxy is down; keepalived's track script moves it in about 4 s. */
  blackhole: intIn(0, 600).default(8),
  backends: intIn(0, 3600).default(10),
  drift: intIn(0, 86_400).default(30),
  /** A server drained, in maintenance or with another weight on one node only; hapair's own actions reach both nodes within a second or two. */
  runtimeDrift: intIn(0, 86_400).default(10),
  /** Someone other than the two nodes advertises the cluster's VRID on the segment: one advert is proof. */
  vridCollision: intIn(0, 600).default(0),
  /** A node receives fewer of its peer's adverts than the peer sends (judged over 30 s already). */
  advertLoss: intIn(0, 3600).default(4),
});

export const alertingSchema = z.strictObject({
  hold: alertHoldSchema.default(alertHoldSchema.parse({})),
  /** A node whose newest observation is older than this has stale data. */
  staleAfterSeconds: intIn(3, 3600).default(ALERT_STALE_AFTER_SECONDS),
  /** Flapping: the VIP moved more than `moves` times within `windowMinutes`. */
  flapping: z
    .strictObject({ moves: intIn(1, 1000).default(4), windowMinutes: intIn(1, 1440).default(10) })
    .default({ moves: 4, windowMinutes: 10 }),
  /** A certificate alerts once fewer than each of these days are left (a new page at each; the smallest is critical). */
  certificates: z
    .strictObject({ expiryDays: z.array(intIn(1, 365)).min(1).max(5).default([30, 14, 7]) })
    .default({ expiryDays: [30, 14, 7] }),
});

export type AlertingSettings = z.infer<typeof alertingSchema>;

/** The settings in effect for a definition (the section is optional). */
export function alertingSettings(section: AlertingSettings | undefined): AlertingSettings {
  return section ?? alertingSchema.parse({});
}
