import { db } from "@/lib/db/client";
import { listDrills, requestDrill } from "@/lib/store/drills";
import { apiBodyRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Drill history, newest first, with each drill's report. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) =>
  jsonResponse({ drills: await listDrills(db, id) }),
);

/** `{ mode, force?, reason?, confirmNodeDeath? }`: pre-checks (409 with the reasons unless forced), then the agents run it. */
export const POST = apiBodyRoute(operations.requestDrill, async (_request, { user, params: { id }, body }) =>
  outcomeResponse(await requestDrill(db, id, body, user.username), (done) => ({ drill: done.drill }), 201),
);
