import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { requestAbort } from "@/lib/store/drills";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Abort: the agents undo the fault at once (the report says aborted). */
export const POST = withAuth<{ id: string; drillId: string }>(
  "drill",
  async (_request, { user, params: { id, drillId } }) => {
    if (!/^\d+$/.test(drillId ?? ""))
      return issuesResponse(404, [{ path: "(drill)", message: "no such drill" }]);
    const outcome = await requestAbort(db, id, Number(drillId), user.username);
    if (!outcome.ok) return refusalResponse(outcome);
    return NextResponse.json({ drill: outcome.drill }, { headers: NO_STORE });
  },
);
