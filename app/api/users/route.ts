import { createUser, listUsers } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { apiBodyRoute } from "../_lib/api-route";
import { withAuth } from "../_lib/auth";
import { jsonResponse } from "../_lib/http";
import { operations } from "../_lib/operations";
import { outcomeResponse } from "../_lib/refusals";

export const dynamic = "force-dynamic";

export const GET = withAuth("manage-users", async () => jsonResponse(await listUsers(db)));

export const POST = apiBodyRoute(operations.createUser, async (_request, { user, body }) =>
  outcomeResponse(await createUser(db, body, user.username), (done) => done.user, 201),
);
