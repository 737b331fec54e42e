/**
 * Password sign-in with brute-force limits per username and per client address. An unknown username
 * costs the same hash as a wrong password, so timing does not reveal which names exist.
 */
import type { Database } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/audit";
import { hashPassword, verifyPassword } from "./password";
import { createRateLimiter, type RateLimiter } from "./rate-limit";
import { createSession } from "./session";

export type LoginOutcome =
  | { ok: true; token: string; expiresAt: Date; username: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

export interface LoginLimiters {
  perUser: RateLimiter;
  perClient: RateLimiter;
}

export function createLoginLimiters(): LoginLimiters {
  return {
    perUser: createRateLimiter({ maxFailures: 5, windowMs: 15 * 60_000 }),
    perClient: createRateLimiter({ maxFailures: 20, windowMs: 15 * 60_000 }),
  };
}

let dummyHash: Promise<string> | undefined;

export async function attemptLogin(
  db: Database,
  limiters: LoginLimiters,
  input: { username: string; password: string; client: string; userAgent: string },
): Promise<LoginOutcome> {
  const userKey = input.username.toLowerCase();
  for (const check of [limiters.perUser.check(userKey), limiters.perClient.check(input.client)]) {
    if (!check.allowed) return { ok: false, reason: "rate-limited", retryAfterMs: check.retryAfterMs };
  }
  const user = await db.user.findUnique({ where: { username: userKey } });
  dummyHash ??= hashPassword("not a real password, only spends time");
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !valid || user.disabled) {
    limiters.perUser.recordFailure(userKey);
    limiters.perClient.recordFailure(input.client);
    await recordAudit(db, { actor: userKey.slice(0, 64) || "(empty)", action: "auth.login-failed", detail: { client: input.client } });
    return { ok: false, reason: "invalid" };
  }
  limiters.perUser.reset(userKey);
  const session = await createSession(db, user.id, input.userAgent);
  await recordAudit(db, { actor: user.username, action: "auth.login", detail: { client: input.client } });
  return { ok: true, ...session, username: user.username };
}
