import { db } from "@/lib/db/client";
import { deleteChannel, saveChannel } from "@/lib/store/notification-channels";
import { apiIdBodyRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { notFoundResponse } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** The whole channel again; `<kept>` in a secret field keeps the stored value. */
export const PUT = apiIdBodyRoute(operations.saveChannel, "channel", async (_request, { user, id, body }) =>
  outcomeResponse(await saveChannel(db, body, user.username, id), (done) => done.channel),
);

export const DELETE = withAuth<{ id: string }>("manage-notifications", async (_request, { user, params }) => {
  const id = numericId(params.id);
  if (id === null) return notFoundResponse("channel");
  return outcomeResponse(await deleteChannel(db, id, user.username), () => ({ deleted: id }));
});
