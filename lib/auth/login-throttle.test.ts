import { describe, expect, it } from "vitest";
import { counted, decideAttempt, delayAfter, LOGIN_LIMITS, type Counter } from "./login-throttle";

const T0 = 1_000_000_000;
const failures = (n: number, lastAt = T0): Counter => ({ failures: n, lastAt });

describe("sign-in throttle", () => {
  it("lets 5 failures per user and client through, then makes each next try wait longer, up to 15 min", () => {
    expect(decideAttempt({ pair: failures(4) }, T0)).toEqual({ allowed: true });
    expect(decideAttempt({ pair: failures(5) }, T0 + 1)).toEqual({ allowed: false, retryAfterMs: 29_999 });
    expect(decideAttempt({ pair: failures(5) }, T0 + 30_000)).toEqual({ allowed: true });
    expect([5, 6, 7, 8, 9, 10, 30].map((n) => delayAfter(n, LOGIN_LIMITS.pairFree))).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000,
    ]);
  });

  it("limits one client spraying many users after 20 failures", () => {
    expect(decideAttempt({ client: failures(19) }, T0).allowed).toBe(true);
    expect(decideAttempt({ client: failures(20) }, T0 + 1).allowed).toBe(false);
  });

  it("a user under attack from many sources: sources that failed wait after 1 failure, a clean source still gets in", () => {
    const user = failures(500);
    expect(decideAttempt({ user, pair: failures(1) }, T0 + 1).allowed).toBe(false);
    expect(decideAttempt({ user, client: failures(0) }, T0 + 1)).toEqual({ allowed: true });
    expect(decideAttempt({ user }, T0 + 1)).toEqual({ allowed: true });
  });

  it("forgets counters an hour after their last attempt", () => {
    expect(
      decideAttempt({ pair: failures(50), client: failures(50) }, T0 + LOGIN_LIMITS.forgetAfterMs),
    ).toEqual({ allowed: true });
    expect(counted(failures(50), T0 + LOGIN_LIMITS.forgetAfterMs)).toEqual({
      failures: 1,
      lastAt: T0 + LOGIN_LIMITS.forgetAfterMs,
    });
    expect(counted(failures(3), T0 + 5)).toEqual({ failures: 4, lastAt: T0 + 5 });
  });
});
