import { NextResponse } from "next/server";
import { zodIssues } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { channelInputSchema } from "@/lib/notify/schemas";
import { deleteChannel, saveChannel } from "@/lib/store/notification-channels";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

const notFound = () => issuesResponse(404, [{ path: "(channel)", message: "no such channel" }]);

/** The whole channel again; `<kept>` in a secret field keeps the stored value. */
export const PUT = withAuth<{ id: string }>("manage-notifications", async (request, { user, params }) => {
  const id = numericId(params.id);
  if (id === null) return notFound();
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = channelInputSchema.safeParse(read.body);
  if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
  const outcome = await saveChannel(db, parsed.data, user.username, id);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  return NextResponse.json(outcome.channel, { headers: NO_STORE });
});

export const DELETE = withAuth<{ id: string }>("manage-notifications", async (_request, { user, params }) => {
  const id = numericId(params.id);
  if (id === null) return notFound();
  const outcome = await deleteChannel(db, id, user.username);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  return NextResponse.json({ deleted: id }, { headers: NO_STORE });
});
