/** Tests: a signed-in cookie or an API token for a role, on whatever database DATABASE_URL names. */
import type { Database } from "@/lib/db/client";
import { createApiToken } from "../api-tokens";
import { hashPassword } from "../password";
import type { Role } from "../roles";
import { createSession, SESSION_COOKIE } from "../session";

async function testUser(db: Database, role: Role, username = `test-${role}`) {
  return (
    (await db.user.findUnique({ where: { username } })) ??
    (await db.user.create({ data: { username, role, passwordHash: await hashPassword(`${username}-password`) } }))
  );
}

export async function cookieFor(db: Database, role: Role): Promise<string> {
  const { token } = await createSession(db, (await testUser(db, role)).id, "vitest");
  return `${SESSION_COOKIE}=${token}`;
}

/** A token of `role` owned by `test-<role>` (or the user named), as an Authorization header value. */
export async function bearerFor(db: Database, role: Role, username?: string): Promise<string> {
  const user = await testUser(db, role, username);
  const outcome = await createApiToken(
    db,
    { name: `vitest-${role}`, role, expiresInDays: 1 },
    { userId: user.id, username: user.username, role, sessionId: "vitest" },
  );
  if (!outcome.ok || !outcome.text) throw new Error(`token for ${role}: ${JSON.stringify(outcome)}`);
  return `Bearer ${outcome.text}`;
}
