import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { deleteChannel, saveChannel } from "@/lib/store/notification-channels";
import { apiRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

const notFound = () => issuesResponse(404, [{ path: "(channel)", message: "no such channel" }]);

/** The whole channel again; `<kept>` in a secret field keeps the stored value. */
export const PUT = apiRoute(operations.saveChannel, async (_request, { user, params, readBody }) => {
  const id = numericId(params.id);
  if (id === null) return notFound();
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await saveChannel(db, read.body, user.username, id);
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json(outcome.channel, { headers: NO_STORE });
});

export const DELETE = withAuth<{ id: string }>("manage-notifications", async (_request, { user, params }) => {
  const id = numericId(params.id);
  if (id === null) return notFound();
  const outcome = await deleteChannel(db, id, user.username);
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json({ deleted: id }, { headers: NO_STORE });
});
