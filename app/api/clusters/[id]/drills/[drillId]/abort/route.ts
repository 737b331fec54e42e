import { db } from "@/lib/db/client";
import { requestAbort } from "@/lib/store/drills";
import { withAuth } from "@/app/api/_lib/auth";
import { notFoundResponse } from "@/app/api/_lib/http";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Abort: the agents undo the fault at once (the report says aborted). */
export const POST = withAuth<{ id: string; drillId: string }>(
  "drill",
  async (_request, { user, params: { id, drillId } }) => {
    if (!/^\d+$/.test(drillId ?? "")) return notFoundResponse("drill");
    return outcomeResponse(await requestAbort(db, id, Number(drillId), user.username), (done) => ({
      drill: done.drill,
    }));
  },
);
