import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listDrills, requestDrill } from "@/lib/store/drills";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

/** Drill history, newest first, with each drill's report. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) =>
  NextResponse.json({ drills: await listDrills(db, id) }, { headers: NO_STORE }),
);

/** `{ mode, force?, reason?, confirmNodeDeath? }`: pre-checks (409 with the reasons unless forced), then the agents run it. */
export const POST = withAuth<{ id: string }>("drill", async (request, { user, params: { id } }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const outcome = await requestDrill(db, id, read.body, user.username);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  return NextResponse.json({ drill: outcome.drill }, { status: 201, headers: NO_STORE });
});
