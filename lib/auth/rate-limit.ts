/**
 * Fixed-window failure counter per key (e.g. login attempts per username and per client address).
 * In memory: the web server is one process; a restart forgetting counts is acceptable for a lockout
 * measured in minutes.
 */
export interface RateLimiter {
  /** Whether the key may try now, and if not, how long until it may. */
  check(key: string, now?: number): { allowed: boolean; retryAfterMs: number };
  recordFailure(key: string, now?: number): void;
  reset(key: string): void;
}

export function createRateLimiter(options: { maxFailures: number; windowMs: number }): RateLimiter {
  const entries = new Map<string, { failures: number; windowStart: number }>();
  const current = (key: string, now: number) => {
    const entry = entries.get(key);
    if (!entry || now - entry.windowStart >= options.windowMs) return undefined;
    return entry;
  };
  return {
    check(key, now = Date.now()) {
      const entry = current(key, now);
      if (!entry || entry.failures < options.maxFailures) return { allowed: true, retryAfterMs: 0 };
      return { allowed: false, retryAfterMs: entry.windowStart + options.windowMs - now };
    },
    recordFailure(key, now = Date.now()) {
      const entry = current(key, now);
      if (entry) entry.failures += 1;
      else entries.set(key, { failures: 1, windowStart: now });
      // Keep memory bounded under a spray of usernames.
      if (entries.size > 10_000) {
        for (const [k, e] of entries) if (now - e.windowStart >= options.windowMs) entries.delete(k);
      }
    },
    reset(key) {
      entries.delete(key);
    },
  };
}
