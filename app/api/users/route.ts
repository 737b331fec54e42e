import { NextResponse } from "next/server";
import { createUser, listUsers } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { apiRoute } from "../_lib/api-route";
import { withAuth } from "../_lib/auth";
import { NO_STORE } from "../_lib/http";
import { operations } from "../_lib/operations";
import { refusalResponse } from "../_lib/refusals";

export const dynamic = "force-dynamic";

export const GET = withAuth("manage-users", async () =>
  NextResponse.json(await listUsers(db), { headers: NO_STORE }),
);

export const POST = apiRoute(operations.createUser, async (_request, { user, readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await createUser(db, read.body, user.username);
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json(outcome.user, { status: 201, headers: NO_STORE });
});
