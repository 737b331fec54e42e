import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { createSilence, listSilences } from "@/lib/store/alerts";
import { apiRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

export const GET = withAuth("read", async () =>
  NextResponse.json(await listSilences(db), { headers: NO_STORE }),
);

/** `{ clusterId?, rule?, minutes, reason }`: no notifications for matching alerts until then; audited. */
export const POST = apiRoute(operations.createSilence, async (_request, { user, readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await createSilence(db, read.body, user.username);
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json(outcome.value, { status: 201, headers: NO_STORE });
});
