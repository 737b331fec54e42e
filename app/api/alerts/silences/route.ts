import { NextResponse } from "next/server";
import { zodIssues } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { silenceInputSchema } from "@/lib/notify/schemas";
import { createSilence, listSilences } from "@/lib/store/alerts";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

export const GET = withAuth("read", async () =>
  NextResponse.json(await listSilences(db), { headers: NO_STORE }),
);

/** `{ clusterId?, rule?, minutes, reason }`: no notifications for matching alerts until then; audited. */
export const POST = withAuth("acknowledge-alert", async (request, { user }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = silenceInputSchema.safeParse(read.body);
  if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
  const outcome = await createSilence(db, parsed.data, user.username);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  return NextResponse.json(outcome.value, { status: 201, headers: NO_STORE });
});
