import { NextResponse } from "next/server";
import { zodIssues } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { acknowledgeSchema } from "@/lib/notify/schemas";
import { acknowledgeIncident } from "@/lib/store/alerts";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

/** `{ note }`: who acknowledged, when and why; audited. */
export const POST = withAuth<{ id: string }>("acknowledge-alert", async (request, { user, params }) => {
  const id = numericId(params.id);
  if (id === null) return issuesResponse(404, [{ path: "(alert)", message: "no such alert" }]);
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = acknowledgeSchema.safeParse(read.body);
  if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
  const outcome = await acknowledgeIncident(db, id, parsed.data.note, user.username);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  return NextResponse.json(outcome.value, { headers: NO_STORE });
});
