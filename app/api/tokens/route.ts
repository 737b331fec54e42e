/**
 * API tokens of the signed-in user (an admin sees and creates service accounts' too). Only a signed-in
 * session manages tokens: a token cannot mint another one that outlives it.
 */
import { NextResponse } from "next/server";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { apiRoute } from "../_lib/api-route";
import { withAuth } from "../_lib/auth";
import { NO_STORE } from "../_lib/http";
import { operations } from "../_lib/operations";
import { refusalResponse } from "../_lib/refusals";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "self",
  async (_request, { user }) => NextResponse.json(await listApiTokens(db, user), { headers: NO_STORE }),
  { tokens: false },
);

/** `{ name, role, expiresInDays, serviceAccount? }` → the token's summary and, this once, its text. */
export const POST = apiRoute(operations.createToken, async (_request, { user, readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await createApiToken(db, read.body, user);
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json({ ...outcome.token, text: outcome.text }, { status: 201, headers: NO_STORE });
});
