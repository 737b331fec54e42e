import { NextResponse } from "next/server";
import { recordAudit } from "@/lib/audit/audit";
import { isSecureRequest } from "@/lib/auth/csrf";
import { clearedSessionCookie, endSession, readCookie, SESSION_COOKIE } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

export const POST = withAuth("self", async (request, { user }) => {
  await endSession(db, readCookie(request.headers.get("cookie"), SESSION_COOKIE));
  await recordAudit(db, { actor: user.username, action: "auth.logout" });
  const response = NextResponse.json({ signedOut: true }, { headers: NO_STORE });
  response.headers.append("set-cookie", clearedSessionCookie(isSecureRequest(request)));
  return response;
});
