/**
 * API tokens of the signed-in user (an admin sees and creates service accounts' too). Only a signed-in
 * session manages tokens: a token cannot mint another one that outlives it.
 */
import { NextResponse } from "next/server";
import { createApiToken, listApiTokens } from "@/lib/auth/api-tokens";
import { newApiTokenSchema } from "@/lib/auth/schemas";
import { zodIssues } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { withAuth } from "../_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "../_lib/http";

export const dynamic = "force-dynamic";

export const GET = withAuth(
  "self",
  async (_request, { user }) => NextResponse.json(await listApiTokens(db, user), { headers: NO_STORE }),
  { tokens: false },
);

/** `{ name, role, expiresInDays, serviceAccount? }` → the token's summary and, this once, its text. */
export const POST = withAuth(
  "self",
  async (request, { user }) => {
    const read = await readJsonBody(request);
    if (!read.ok) return read.response;
    const parsed = newApiTokenSchema.safeParse(read.body);
    if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
    const outcome = await createApiToken(db, parsed.data, user);
    if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
    return NextResponse.json({ ...outcome.token, text: outcome.text }, { status: 201, headers: NO_STORE });
  },
  { tokens: false },
);
