import { NextResponse } from "next/server";
import { userChangeSchema } from "@/lib/auth/schemas";
import { changeUser, deleteUser } from "@/lib/auth/users";
import { zodIssues } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

/** `{ role?, disabled?, password? }`. A new password or disabling ends the user's sessions. */
export const PATCH = withAuth<{ id: string }>("manage-users", async (request, { user, params }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = userChangeSchema.safeParse(read.body);
  if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
  const outcome = await changeUser(db, params.id, parsed.data, user.username);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  return NextResponse.json(outcome.user, { headers: NO_STORE });
});

export const DELETE = withAuth<{ id: string }>("manage-users", async (_request, { user, params }) => {
  const outcome = await deleteUser(db, params.id, { userId: user.userId, name: user.username });
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  return NextResponse.json({ deleted: outcome.user.id }, { headers: NO_STORE });
});
