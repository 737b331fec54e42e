/**
 * Sign-in limits as a pure rule over counters (no clock, no database: lib/auth/login-attempts.ts
 * reads and writes them in one transaction). Modelled on what careful sign-in services do (OWASP's
 * guidance, Django-axes' user+address lockout): limits grow delays rather than lock, and they fall on
 * the source that failed, so an anonymous caller cannot lock a named admin out.
 *
 * - per user + client: 5 free failures, then each further try waits 30 s, 1 min, 2 min … up to 15 min
 *   after the previous one;
 * - per client, any user (password spraying): 20 free failures, then the same growing wait;
 * - per user, any client (many addresses guessing one name): past 20 failures the user is "under
 *   attack" and a source that has already failed for that user gets only 1 free failure; a source
 *   that never failed for them (the admin at their own desk) signs in as usual.
 * An attempt counts as a failure when it is let through (before the password is checked, so parallel
 * guesses cannot all pass); a successful sign-in gives it back. Counters are forgotten an hour after
 * their last attempt.
 */
export interface Counter {
  failures: number;
  lastAt: number;
}

export const LOGIN_LIMITS = {
  pairFree: 5,
  clientFree: 20,
  userUnderAttack: 20,
  pairFreeUnderAttack: 1,
  baseDelayMs: 30_000,
  maxDelayMs: 15 * 60_000,
  forgetAfterMs: 60 * 60_000,
} as const;

export type ThrottleKeys = { pair: string; client: string; user: string };

export function throttleKeys(username: string, client: string): ThrottleKeys {
  return { pair: `pair:${username}\n${client}`, client: `client:${client}`, user: `user:${username}` };
}

/** Failures still remembered at `now` (0 once the counter is older than forgetAfterMs). */
export function liveFailures(counter: Counter | undefined, now: number): number {
  return counter && now - counter.lastAt < LOGIN_LIMITS.forgetAfterMs ? counter.failures : 0;
}

/** How long after the previous attempt the next one must wait, with `failures` counted and `free` allowed. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(LOGIN_LIMITS.baseDelayMs * 2 ** Math.min(failures - free, 30), LOGIN_LIMITS.maxDelayMs);
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export function decideAttempt(
  counters: { pair?: Counter; client?: Counter; user?: Counter },
  now: number,
): ThrottleDecision {
  const pairFailures = liveFailures(counters.pair, now);
  const underAttack = liveFailures(counters.user, now) >= LOGIN_LIMITS.userUnderAttack;
  const pairFree = underAttack ? LOGIN_LIMITS.pairFreeUnderAttack : LOGIN_LIMITS.pairFree;
  const waits = [
    counters.pair && pairFailures > 0 ? counters.pair.lastAt + delayAfter(pairFailures, pairFree) - now : 0,
    counters.client
      ? counters.client.lastAt + delayAfter(liveFailures(counters.client, now), LOGIN_LIMITS.clientFree) - now
      : 0,
  ];
  const retryAfterMs = Math.max(0, ...waits);
  return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
}

/** The counter after an attempt let through at `now` (counted as a failure until it succeeds). */
export function counted(counter: Counter | undefined, now: number): Counter {
  return { failures: liveFailures(counter, now) + 1, lastAt: now };
}
