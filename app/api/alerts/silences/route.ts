import { db } from "@/lib/db/client";
import { createSilence, listSilences } from "@/lib/store/alerts";
import { apiBodyRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

export const GET = withAuth("read", async () => jsonResponse(await listSilences(db)));

/** `{ clusterId?, rule?, minutes, reason }`: no notifications for matching alerts until then; audited. */
export const POST = apiBodyRoute(operations.createSilence, async (_request, { user, body }) =>
  outcomeResponse(await createSilence(db, body, user.username), (done) => done.value, 201),
);
