/** Tests: a signed-in cookie for a role, on whatever database DATABASE_URL names. */
import type { Database } from "@/lib/db/client";
import { hashPassword } from "../password";
import type { Role } from "../roles";
import { createSession, SESSION_COOKIE } from "../session";

export async function cookieFor(db: Database, role: Role): Promise<string> {
  const username = `test-${role}`;
  const user =
    (await db.user.findUnique({ where: { username } })) ??
    (await db.user.create({ data: { username, role, passwordHash: await hashPassword(`${username}-password`) } }));
  const { token } = await createSession(db, user.id, "vitest");
  return `${SESSION_COOKIE}=${token}`;
}
