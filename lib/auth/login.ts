/**
 * Password sign-in with growing delays per user + client, per client and per attacked user
 * (lib/auth/login-throttle.ts). The attempt is counted before the password is checked. An unknown
 * username costs the same hash as a wrong password, so timing does not reveal which names exist.
 */
import type { Database } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/audit";
import { recordFailedLogin } from "./failed-login-audit";
import { releaseAttempt, reserveAttempt } from "./login-attempts";
import { hashPassword, verifyPassword } from "./password";
import { createSession } from "./session";

export type LoginOutcome =
  | { ok: true; token: string; expiresAt: Date; username: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate-limited"; retryAfterMs: number };

let dummyHash: Promise<string> | undefined;

export async function attemptLogin(
  db: Database,
  input: { username: string; password: string; client: string; userAgent: string },
): Promise<LoginOutcome> {
  const userKey = input.username.toLowerCase().slice(0, 64) || "(empty)";
  const reserved = await reserveAttempt(db, userKey, input.client);
  if (!reserved.allowed) return { ok: false, reason: "rate-limited", retryAfterMs: reserved.retryAfterMs };
  const user = await db.user.findUnique({ where: { username: userKey } });
  dummyHash ??= hashPassword("not a real password, only spends time");
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash));
  if (!user || !valid || user.disabled) {
    await recordFailedLogin(db, { username: userKey, knownUser: user !== null, client: input.client });
    return { ok: false, reason: "invalid" };
  }
  await releaseAttempt(db, reserved.keys);
  const session = await createSession(db, user.id, input.userAgent);
  await recordAudit(db, { actor: user.username, action: "auth.login", detail: { client: input.client } });
  return { ok: true, ...session, username: user.username };
}
