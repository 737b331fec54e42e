/**
 * Every route handler is wrapped by one of these: `withAuth(capability, …)` checks the session cookie
 * or an `Authorization: Bearer` API token (the same role checks; `{ tokens: false }` for the few
 * routes only a signed-in person may use), and refuses cross-site writes whichever is used; `publicRoute(…)` marks the few handlers
 * that work without a session (sign-in, first-run setup, health) and still refuses cross-site writes.
 * The wrapper records its access rule on the handler so a test can check every route has one, and
 * catches whatever the handler throws: logged with route and user, answered as a JSON 500 that says
 * nothing of the internals.
 */
import type { NextResponse } from "next/server";
import { bearerOf } from "@/lib/auth/api-token-format";
import { resolveApiToken } from "@/lib/auth/api-tokens";
import { recordAudit } from "@/lib/audit/audit";
import { can, type Capability } from "@/lib/auth/roles";
import { crossSiteRefusal } from "@/lib/auth/csrf";
import { readCookie, resolveSession, SESSION_COOKIE, type SessionUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { issuesResponse } from "./http";

/** "self": any signed-in user acting on their own session (sign out, who am I). */
export type RouteAccess =
  { kind: "public" } | { kind: "session"; capability: Capability | "self"; tokens: boolean };

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

type Identified = { ok: true; user: SessionUser; tokenId?: string } | { ok: false; response: NextResponse };

/** A bearer token if the request has an Authorization header (then the cookie is ignored), else the session. */
async function identify(request: Request, tokens: boolean): Promise<Identified> {
  const bearer = bearerOf(request.headers);
  if (bearer.kind === "none") {
    const user = await sessionUserOf(request);
    return user ? { ok: true, user } : { ok: false, response: unauthorized("(session)", "sign in first") };
  }
  const user = bearer.kind === "token" ? await resolveApiToken(db, bearer.text) : null;
  if (!user) return { ok: false, response: unauthorized("(token)", "unknown, revoked or expired API token") };
  if (!tokens)
    return {
      ok: false,
      response: issuesResponse(403, [
        { path: "(token)", message: "this route takes a signed-in session, not a token" },
      ]),
    };
  return { ok: true, user, tokenId: user.token.id };
}

const unauthorized = (path: string, message: string) => issuesResponse(401, [{ path, message }]);

/** Changes made with a token are audited as such (who, which token, what request, its answer). */
async function auditTokenWrite(request: Request, user: SessionUser, tokenId: string, status: number) {
  if (request.method === "GET" || request.method === "HEAD") return;
  await recordAudit(db, {
    actor: user.username,
    action: "token.use",
    target: `${request.method} ${new URL(request.url).pathname}`,
    detail: { tokenId, status },
  });
}

export function withAuth<P = Record<string, never>>(
  capability: Capability | "self",
  handler: (request: Request, context: { user: SessionUser; params: P }) => Promise<Response | NextResponse>,
  { tokens = true }: { tokens?: boolean } = {},
): GuardedHandler<P> {
  const guarded: Handler<P> = async (request, context) => {
    const caller: Caller = { user: null };
    return caught(request, caller, async () => {
      const refused = refuseCrossSite(request);
      if (refused) return refused;
      const identified = await identify(request, tokens);
      if (!identified.ok) return identified.response;
      const { user, tokenId } = identified;
      caller.user = user;
      if (capability !== "self" && !can(user.role, capability)) {
        return issuesResponse(403, [
          { path: "(role)", message: `your role (${user.role}) may not ${capability.replaceAll("-", " ")}` },
        ]);
      }
      const response = await handler(request, { user, params: await context.params });
      if (tokenId) await auditTokenWrite(request, user, tokenId, response.status);
      return response;
    });
  };
  return Object.assign(guarded, { access: { kind: "session", capability, tokens } as const });
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
