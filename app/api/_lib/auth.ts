/**
 * Every route handler is wrapped by one of these: `withAuth(capability, …)` checks the session cookie
 * and the role on the server and refuses cross-site writes; `publicRoute(…)` marks the few handlers
 * that work without a session (sign-in, first-run setup, health) and still refuses cross-site writes.
 * The wrapper records its access rule on the handler so a test can check every route has one, and
 * catches whatever the handler throws: logged with route and user, answered as a JSON 500 that says
 * nothing of the internals.
 */
import type { NextResponse } from "next/server";
import { can, type Capability } from "@/lib/auth/roles";
import { crossSiteRefusal } from "@/lib/auth/csrf";
import { readCookie, resolveSession, SESSION_COOKIE, type SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { issuesResponse } from "./http";

/** "self": any signed-in user acting on their own session (sign out, who am I). */
export type RouteAccess = { kind: "public" } | { kind: "session"; capability: Capability | "self" };

type RouteContext<P> = { params: Promise<P> };
type Handler<P> = (request: Request, context: RouteContext<P>) => Promise<Response | NextResponse>;
export type GuardedHandler<P> = Handler<P> & { access: RouteAccess };

type Caller = { user: SessionUser | null };

/** Runs a handler; an exception becomes a logged JSON 500 (never a stack trace or a hung request). */
async function caught(
  request: Request,
  caller: Caller,
  run: () => Promise<Response | NextResponse>,
): Promise<Response | NextResponse> {
  try {
    return await run();
  } catch (error) {
    const route = `${request.method} ${new URL(request.url).pathname}`;
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(`[api] ${route} (user ${caller.user?.username ?? "anonymous"}) failed: ${detail}`);
    return issuesResponse(500, [
      { path: "(server)", message: "internal error; the server log has the details" },
    ]);
  }
}

function refuseCrossSite(request: Request): NextResponse | null {
  const reason = crossSiteRefusal(request.method, request.headers);
  return reason ? issuesResponse(403, [{ path: "(request)", message: reason }]) : null;
}

export async function sessionUserOf(request: Request): Promise<SessionUser | null> {
  return resolveSession(db, readCookie(request.headers.get("cookie"), SESSION_COOKIE));
}

export function withAuth<P = Record<string, never>>(
  capability: Capability | "self",
  handler: (request: Request, context: { user: SessionUser; params: P }) => Promise<Response | NextResponse>,
): GuardedHandler<P> {
  const guarded: Handler<P> = async (request, context) => {
    const caller: Caller = { user: null };
    return caught(request, caller, async () => {
      const refused = refuseCrossSite(request);
      if (refused) return refused;
      const user = await sessionUserOf(request);
      if (!user) return issuesResponse(401, [{ path: "(session)", message: "sign in first" }]);
      caller.user = user;
      if (capability !== "self" && !can(user.role, capability)) {
        return issuesResponse(403, [
          { path: "(role)", message: `your role (${user.role}) may not ${capability.replaceAll("-", " ")}` },
        ]);
      }
      return handler(request, { user, params: await context.params });
    });
  };
  return Object.assign(guarded, { access: { kind: "session", capability } as const });
}

export function publicRoute<P = Record<string, never>>(
  handler: (request: Request, context: { params: P }) => Promise<Response | NextResponse>,
): GuardedHandler<P> {
  const guarded: Handler<P> = async (request, context) =>
    caught(
      request,
      { user: null },
      async () => refuseCrossSite(request) ?? handler(request, { params: await context.params }),
    );
  return Object.assign(guarded, { access: { kind: "public" } as const });
}
