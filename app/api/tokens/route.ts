/**
 * API tokens of the signed-in user (an admin sees and creates service accounts' too). Only a signed-in
 * session manages tokens: a token cannot mint another one that outlives it.
 */
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { apiBodyRoute } from "../_lib/api-route";
import { withAuth } from "../_lib/auth";
import { jsonResponse } from "../_lib/http";
import { operations } from "../_lib/operations";
import { outcomeResponse } from "../_lib/refusals";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "self",
  async (_request, { user }) => jsonResponse(await listApiTokens(db, user)),
  {
    tokens: false,
  },
);

/** `{ name, role, expiresInDays, serviceAccount? }` → the token's summary and, this once, its text. */
export const POST = apiBodyRoute(operations.createToken, async (_request, { user, body }) =>
  outcomeResponse(await createApiToken(db, body, user), (done) => ({ ...done.token, text: done.text }), 201),
);
