import { createSession } from "@/lib/auth/session";
import { createFirstAdmin } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { publicApiRoute } from "@/app/api/_lib/api-route";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";
import { signedInResponse } from "@/app/api/_lib/session-response";

export const dynamic = "force-dynamic";

/** First run only: creates the first admin while no user exists, and signs them in. 409 afterwards. */
export const POST = publicApiRoute(operations.setup, async (request, { readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await createFirstAdmin(db, read.body, `setup:${read.body.username}`);
  if (!outcome.ok) return refusalResponse(outcome);
  const session = await createSession(db, outcome.user.id, request.headers.get("user-agent") ?? "");
  return signedInResponse(request, { ...session, username: outcome.user.username }, 201);
});
