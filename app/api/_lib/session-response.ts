/** The answer to a successful sign-in (or first-run setup): the session cookie and who signed in. */
import { NextResponse } from "next/server";
import { isSecureRequest } from "@/lib/auth/csrf";
import { sessionCookie } from "@/lib/auth/session";
import { NO_STORE } from "./http";

export function signedInResponse(
  request: Request,
  session: { token: string; expiresAt: Date; username: string },
  status = 200,
): NextResponse {
  const response = NextResponse.json({ username: session.username }, { status, headers: NO_STORE });
  response.headers.append(
    "set-cookie",
    sessionCookie(session.token, session.expiresAt, isSecureRequest(request)),
  );
  return response;
}
