/**
 * The poll interval and every threshold derived from it, in one place: change the interval here and
 * the rest follows. Each line says why it is what it is.
 */

/** Each node is read every 2 s: a failover (keepalived's ~3 s) is seen within one or two polls, at a few ms of CPU per poll. */
export const POLL_INTERVAL_MS = 2_000;

/** A poll gives up before the next is due, so polls of one node never overlap. */
export const POLL_TIMEOUT_MS = POLL_INTERVAL_MS - 500;

/** Split-brain counts only readings younger than two polls: a cut-off node's last reading ages out before it can pair with the new holder. */
export const SPLIT_BRAIN_FRESH_MS = 2 * POLL_INTERVAL_MS;

/** The dashboard calls a node's data stale after three missed polls: one slow poll is not news, three are. */
export const DASHBOARD_STALE_AFTER_MS = 3 * POLL_INTERVAL_MS;

/** The stale-data alert's default (alerting.staleAfterSeconds): five missed polls, since paging needs more certainty than showing. */
export const ALERT_STALE_AFTER_SECONDS = (5 * POLL_INTERVAL_MS) / 1000;

/**
 * The rollout gate and confirm steps read both nodes themselves just before judging, so their
 * readings are seconds old at most: a wide bound that only rules out a node that did not answer.
 */
export const ROLLOUT_STALE_AFTER_MS = 30 * POLL_INTERVAL_MS;

/** The poller re-reads the definitions every few polls: a saved revision or accepted host key is picked up within 5 s. */
export const RECONCILE_INTERVAL_MS = 5_000;
export const RECONCILE_TIMEOUT_MS = RECONCILE_INTERVAL_MS - 1_000;

/** A VIP watcher whose stream ended starts again after one poll interval (the poll reports the node meanwhile). */
export const WATCH_RESTART_MS = POLL_INTERVAL_MS;

/**
 * Cluster leases between agents processes (agents/runtime/membership.ts). A lease lives 6 s and is
 * renewed every 2 s, so two renewals in a row may be slow (a writer waiting on SQLite's lock) without
 * losing it; every process scans every 1 s, so a dead process's clusters are taken 6-7 s after its
 * last renewal and polled within one more poll interval: under 10 s in all.
 */
export const LEASE_TTL_MS = 6_000;
export const LEASE_RENEW_MS = 2_000;
export const LEASE_SCAN_MS = 1_000;
/** The owner stops acting on a lease it could not renew 1 s before any other process may take it. */
export const LEASE_FENCE_MARGIN_MS = 1_000;
