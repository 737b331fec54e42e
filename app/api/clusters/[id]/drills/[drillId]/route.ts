import { db } from "@/lib/db/client";
import { getDrill } from "@/lib/store/drills";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse, notFoundResponse } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

/** One drill: steps, live timeline, report. */
export const GET = withAuth<{ id: string; drillId: string }>(
  "read",
  async (_request, { params: { id, drillId } }) => {
    const drill = /^\d+$/.test(drillId ?? "") ? await getDrill(db, Number(drillId)) : null;
    if (!drill || drill.clusterId !== id) return notFoundResponse("drill");
    return jsonResponse({ drill });
  },
);
