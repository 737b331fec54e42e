import { changeUser, deleteUser } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { apiBodyRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** `{ role?, disabled?, password? }`. A new password or disabling ends the user's sessions. */
export const PATCH = apiBodyRoute(operations.changeUser, async (_request, { user, params, body }) =>
  outcomeResponse(await changeUser(db, params.id, body, user.username), (done) => done.user),
);

export const DELETE = withAuth<{ id: string }>("manage-users", async (_request, { user, params }) =>
  outcomeResponse(await deleteUser(db, params.id, { userId: user.userId, name: user.username }), (done) => ({
    deleted: done.user.id,
  })),
);
