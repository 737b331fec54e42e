import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listDrills, requestDrill } from "@/lib/store/drills";
import { apiRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** Drill history, newest first, with each drill's report. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) =>
  NextResponse.json({ drills: await listDrills(db, id) }, { headers: NO_STORE }),
);

/** `{ mode, force?, reason?, confirmNodeDeath? }`: pre-checks (409 with the reasons unless forced), then the agents run it. */
export const POST = apiRoute(
  operations.requestDrill,
  async (_request, { user, params: { id }, readBody }) => {
    const read = await readBody();
    if (!read.ok) return read.response;
    const outcome = await requestDrill(db, id, read.body, user.username);
    if (!outcome.ok) return refusalResponse(outcome);
    return NextResponse.json({ drill: outcome.drill }, { status: 201, headers: NO_STORE });
  },
);
