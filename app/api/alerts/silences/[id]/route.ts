import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { endSilence } from "@/lib/store/alerts";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Ends a silence now (kept as history); audited. */
export const DELETE = withAuth<{ id: string }>("acknowledge-alert", async (_request, { user, params }) => {
  const id = numericId(params.id);
  const outcome = id === null ? null : await endSilence(db, id, user.username);
  if (!outcome) return issuesResponse(404, [{ path: "(silence)", message: "no such silence" }]);
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json(outcome.value, { headers: NO_STORE });
});
