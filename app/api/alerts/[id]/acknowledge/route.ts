import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { acknowledgeIncident } from "@/lib/store/alerts";
import { apiRoute } from "@/app/api/_lib/api-route";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** `{ note }`: who acknowledged, when and why; audited. */
export const POST = apiRoute(operations.acknowledgeAlert, async (_request, { user, params, readBody }) => {
  const id = numericId(params.id);
  if (id === null) return issuesResponse(404, [{ path: "(alert)", message: "no such alert" }]);
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await acknowledgeIncident(db, id, read.body.note, user.username);
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json(outcome.value, { headers: NO_STORE });
});
