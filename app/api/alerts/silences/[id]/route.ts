import { db } from "@/lib/db/client";
import { endSilence } from "@/lib/store/alerts";
import { withAuth } from "@/app/api/_lib/auth";
import { notFoundResponse } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Ends a silence now (kept as history); audited. */
export const DELETE = withAuth<{ id: string }>("acknowledge-alert", async (_request, { user, params }) => {
  const id = numericId(params.id);
  const outcome = id === null ? null : await endSilence(db, id, user.username);
  if (!outcome) return notFoundResponse("silence");
  return outcomeResponse(outcome, (done) => done.value);
});
