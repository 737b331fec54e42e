import { NextResponse } from "next/server";
import { newUserSchema } from "@/lib/auth/schemas";
import { createUser, listUsers } from "@/lib/auth/users";
import { zodIssues } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { withAuth } from "../_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "../_lib/http";

export const dynamic = "force-dynamic";

export const GET = withAuth("manage-users", async () =>
  NextResponse.json(await listUsers(db), { headers: NO_STORE }),
);

export const POST = withAuth("manage-users", async (request, { user }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = newUserSchema.safeParse(read.body);
  if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
  const outcome = await createUser(db, parsed.data, user.username);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  return NextResponse.json(outcome.user, { status: 201, headers: NO_STORE });
});
