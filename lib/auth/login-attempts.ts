/**
 * The sign-in counters in the database (lib/auth/login-throttle.ts is the rule). An attempt is
 * decided and counted in one transaction before its password is checked, so 30 parallel guesses see
 * 30 successive counts and only the allowed few reach the hash. The transaction writes first (stale
 * counters are swept) so it holds SQLite's write lock before it reads: a read-then-upgrade could meet
 * the agents' writes and fail instead of waiting. PostgreSQL runs transactions side by side, so
 * there an advisory lock serializes them first.
 */
import type { Database } from "@/lib/db/client";
import { serializeTransaction } from "@/lib/db/dialect";
import {
  counted,
  decideAttempt,
  LOGIN_LIMITS,
  throttleKeys,
  type Counter,
  type ThrottleDecision,
  type ThrottleKeys,
} from "./login-throttle";

// Parallel sign-ins wait for each other (one transaction at a time) and for the agents' writes:
// Prisma's defaults (2 s to start, 5 s to finish) are tight on a busy host.
const WAIT = { maxWait: 15_000, timeout: 15_000 };

export async function reserveAttempt(
  db: Database,
  username: string,
  client: string,
  now = Date.now(),
): Promise<ThrottleDecision & { keys: ThrottleKeys }> {
  const keys = throttleKeys(username, client);
  const names = ["pair", "client", "user"] as const;
  const decision = await db.$transaction(async (tx) => {
    await serializeTransaction(tx, "hapair:login-attempts");
    await tx.loginThrottle.deleteMany({
      where: { lastAt: { lt: new Date(now - LOGIN_LIMITS.forgetAfterMs) } },
    });
    const rows = await tx.loginThrottle.findMany({ where: { key: { in: names.map((name) => keys[name]) } } });
    const counter = (key: string): Counter | undefined => {
      const row = rows.find((r) => r.key === key);
      return row && { failures: row.failures, lastAt: row.lastAt.getTime() };
    };
    const counters = { pair: counter(keys.pair), client: counter(keys.client), user: counter(keys.user) };
    const outcome = decideAttempt(counters, now);
    if (!outcome.allowed) return outcome;
    for (const name of names) {
      const next = counted(counters[name], now);
      const data = { failures: next.failures, lastAt: new Date(next.lastAt) };
      await tx.loginThrottle.upsert({
        where: { key: keys[name] },
        create: { key: keys[name], ...data },
        update: data,
      });
    }
    return outcome;
  }, WAIT);
  return { ...decision, keys };
}

/** A successful sign-in: its source is proven for this user, and its attempt is no failure. */
export async function releaseAttempt(db: Database, keys: ThrottleKeys): Promise<void> {
  await db.$transaction([
    db.loginThrottle.deleteMany({ where: { key: keys.pair } }),
    db.loginThrottle.updateMany({
      where: { key: { in: [keys.client, keys.user] }, failures: { gt: 0 } },
      data: { failures: { decrement: 1 } },
    }),
  ]);
}
