import { requestClient } from "@/lib/auth/client-address";
import { attemptLogin } from "@/lib/auth/login";
import { loginSchema } from "@/lib/auth/schemas";
import { db } from "@/lib/db/client";
import { publicRoute } from "@/app/api/_lib/auth";
import { issuesResponse, readJsonBody } from "@/app/api/_lib/http";
import { signedInResponse } from "@/app/api/_lib/session-response";

export const dynamic = "force-dynamic";

/** `{ username, password }` → session cookie. One answer for unknown user and wrong password. */
export const POST = publicRoute(async (request) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = loginSchema.safeParse(read.body);
  if (!parsed.success)
    return issuesResponse(400, [{ path: "(body)", message: "username and password are required" }]);
  const outcome = await attemptLogin(db, {
    ...parsed.data,
    client: requestClient(request),
    userAgent: request.headers.get("user-agent") ?? "",
  });
  if (outcome.ok) return signedInResponse(request, outcome);
  if (outcome.reason === "rate-limited") {
    const seconds = Math.ceil(outcome.retryAfterMs / 1000);
    const response = issuesResponse(429, [
      { path: "(login)", message: `too many failed sign-ins: try again in ${seconds} s` },
    ]);
    response.headers.set("retry-after", String(seconds));
    return response;
  }
  return issuesResponse(401, [{ path: "(login)", message: "wrong username or password" }]);
});
