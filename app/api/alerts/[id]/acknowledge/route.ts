import { db } from "@/lib/db/client";
import { acknowledgeIncident } from "@/lib/store/alerts";
import { apiIdBodyRoute } from "@/app/api/_lib/api-route";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** `{ note }`: who acknowledged, when and why; audited. */
export const POST = apiIdBodyRoute(
  operations.acknowledgeAlert,
  "alert",
  async (_request, { user, id, body }) =>
    outcomeResponse(await acknowledgeIncident(db, id, body.note, user.username), (done) => done.value),
);
