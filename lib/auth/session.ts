/**
 * Server-side sessions. The browser holds a random token in an HttpOnly, SameSite=Strict cookie; the
 * database holds only its SHA-256, so a leaked database opens no session. Sessions slide with use up
 * to an absolute limit, and end at logout, when the user is disabled, or when it expires.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { isRole, type Role } from "./roles";

export const SESSION_COOKIE = "hapair_session";
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
// Touch a session at most once a minute: a busy dashboard must not write on every request.
const TOUCH_EVERY_MS = 60_000;

export interface SessionUser {
  userId: string;
  username: string;
  role: Role;
  sessionId: string;
}

export function sessionLimits(env: NodeJS.ProcessEnv = process.env): { idleMs: number; absoluteMs: number } {
  const minutes = (name: string, fallback: number) => {
    const value = Number(env[name]);
    return (Number.isFinite(value) && value > 0 ? value : fallback) * 60_000;
  };
  return {
    idleMs: minutes("HAPAIR_SESSION_IDLE_MINUTES", 12 * 60),
    absoluteMs: minutes("HAPAIR_SESSION_MAX_MINUTES", 7 * 24 * 60),
  };
}

const sessionId = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createSession(
  db: Database,
  userId: string,
  userAgent: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + sessionLimits().idleMs);
  await db.session.create({
    data: {
      id: sessionId(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      userAgent: userAgent.slice(0, 200),
    },
  });
  return { token, expiresAt };
}

/** The signed-in user behind a cookie token, or null (unknown, tampered, expired, or disabled user). */
export async function resolveSession(
  db: Database,
  token: string | undefined,
  now = new Date(),
): Promise<SessionUser | null> {
  if (!token || !TOKEN_FORMAT.test(token)) return null;
  const session = await db.session.findUnique({ where: { id: sessionId(token) }, include: { user: true } });
  if (!session) return null;
  if (session.expiresAt <= now || session.user.disabled || !isRole(session.user.role)) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    const { idleMs, absoluteMs } = sessionLimits();
    const expiresAt = new Date(Math.min(now.getTime() + idleMs, session.createdAt.getTime() + absoluteMs));
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: now, expiresAt } });
  }
  return {
    userId: session.userId,
    username: session.user.username,
    role: session.user.role,
    sessionId: session.id,
  };
}

export async function endSession(db: Database, token: string | undefined): Promise<void> {
  if (token && TOKEN_FORMAT.test(token)) await db.session.deleteMany({ where: { id: sessionId(token) } });
}

export function readCookie(header: string | null, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

/** Set-Cookie value. `secure` when the browser reached us over HTTPS (directly or through a proxy). */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Strict",
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie("", new Date(0), secure);
}
