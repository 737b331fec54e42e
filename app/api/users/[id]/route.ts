import { NextResponse } from "next/server";
import { changeUser, deleteUser } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { apiRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** `{ role?, disabled?, password? }`. A new password or disabling ends the user's sessions. */
export const PATCH = apiRoute(operations.changeUser, async (_request, { user, params, readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await changeUser(db, params.id, read.body, user.username);
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json(outcome.user, { headers: NO_STORE });
});

export const DELETE = withAuth<{ id: string }>("manage-users", async (_request, { user, params }) => {
  const outcome = await deleteUser(db, params.id, { userId: user.userId, name: user.username });
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json({ deleted: outcome.user.id }, { headers: NO_STORE });
});
