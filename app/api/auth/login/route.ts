import { requestClient } from "@/lib/auth/client-address";
import { attemptLogin } from "@/lib/auth/login";
import { db } from "@/lib/db/client";
import { publicApiRoute } from "@/app/api/_lib/api-route";
import { issuesResponse } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { signedInResponse } from "@/app/api/_lib/session-response";

export const dynamic = "force-dynamic";

/** `{ username, password }` → session cookie. One answer for unknown user and wrong password. */
export const POST = publicApiRoute(operations.login, async (request, { readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await attemptLogin(db, {
    ...read.body,
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
