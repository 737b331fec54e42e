import { NextResponse } from "next/server";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { withAuth } from "../../_lib/auth";
import { issuesResponse, NO_STORE } from "../../_lib/http";

export const dynamic = "force-dynamic";

/** Revokes the token (the owner's or, for an admin, anyone's); it stays listed as revoked. */
export const DELETE = withAuth<{ id: string }>(
  "self",
  async (_request, { user, params }) => {
    const outcome = await revokeApiToken(db, String(params.id).slice(0, 64), user);
    if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
    return NextResponse.json(outcome.token, { headers: NO_STORE });
  },
  { tokens: false },
);
