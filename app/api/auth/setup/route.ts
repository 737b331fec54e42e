import { createSession } from "@/lib/auth/session";
import { firstAdminSchema } from "@/lib/auth/schemas";
import { createFirstAdmin } from "@/lib/auth/users";
import { zodIssues } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { publicRoute } from "@/app/api/_lib/auth";
import { issuesResponse, readJsonBody } from "@/app/api/_lib/http";
import { signedInResponse } from "@/app/api/_lib/session-response";

export const dynamic = "force-dynamic";

/** First run only: creates the first admin while no user exists, and signs them in. 409 afterwards. */
export const POST = publicRoute(async (request) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = firstAdminSchema.safeParse(read.body);
  if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
  const outcome = await createFirstAdmin(db, parsed.data, `setup:${parsed.data.username}`);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  const session = await createSession(db, outcome.user.id, request.headers.get("user-agent") ?? "");
  return signedInResponse(request, { ...session, username: outcome.user.username }, 201);
});
