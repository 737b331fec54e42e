/**
 * Runs before every page and API request: a per-request CSP nonce (Next.js puts it on its own
 * scripts), the path for the sign-in redirect, and a fast redirect of cookie-less page requests to
 * sign-in. It is not the security boundary: pages and route handlers check the session themselves.
 */
import { NextResponse, type NextRequest } from "next/server";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { contentSecurityPolicy } from "@/lib/auth/security-headers";

const OPEN_PAGES = new Set(["/login", "/setup"]);

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith("/api/");
  if (!isApi && !OPEN_PAGES.has(pathname) && !request.cookies.has(SESSION_COOKIE)) {
    const login = new URL("/login", request.url);
    login.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(login);
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy({
    nonce,
    api: isApi,
    development: process.env.NODE_ENV === "development",
  });
  const forwarded = new Headers(request.headers);
  forwarded.set("x-nonce", nonce);
  forwarded.set("content-security-policy", csp);
  forwarded.set("x-hapair-path", `${pathname}${search}`);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico).*)" }],
};
