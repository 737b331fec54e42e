import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { getDrill } from "@/lib/store/drills";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

/** One drill: steps, live timeline, report. */
export const GET = withAuth<{ id: string; drillId: string }>(
  "read",
  async (_request, { params: { id, drillId } }) => {
    const drill = /^\d+$/.test(drillId ?? "") ? await getDrill(db, Number(drillId)) : null;
    if (!drill || drill.clusterId !== id)
      return issuesResponse(404, [{ path: "(drill)", message: "no such drill" }]);
    return NextResponse.json({ drill }, { headers: NO_STORE });
  },
);
