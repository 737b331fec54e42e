import { db } from "@/lib/db/client";
import { acknowledgeIncident } from "@/lib/store/alerts";
import { apiRoute } from "@/app/api/_lib/api-route";
import { notFoundResponse } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** `{ note }`: who acknowledged, when and why; audited. */
export const POST = apiRoute(operations.acknowledgeAlert, async (_request, { user, params, readBody }) => {
  const id = numericId(params.id);
  if (id === null) return notFoundResponse("alert");
  const read = await readBody();
  if (!read.ok) return read.response;
  return outcomeResponse(
    await acknowledgeIncident(db, id, read.body.note, user.username),
    (done) => done.value,
  );
});
