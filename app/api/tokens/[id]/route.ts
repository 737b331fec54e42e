import { NextResponse } from "next/server";
import { revokeApiToken } from "@/lib/auth/api-tokens";
import { db } from "@/lib/db/client";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Revokes the token (the owner's or, for an admin, anyone's); it stays listed as revoked. */
export const DELETE = withAuth<{ id: string }>(
  "self",
  async (_request, { user, params }) => {
    const outcome = await revokeApiToken(db, String(params.id).slice(0, 64), user);
    if (!outcome.ok) return refusalResponse(outcome);
    return NextResponse.json(outcome.token, { headers: NO_STORE });
  },
  { tokens: false },
);
