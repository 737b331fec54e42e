import { db } from "@/lib/db/client";
import { listChannels, saveChannel } from "@/lib/store/notification-channels";
import { apiBodyRoute } from "../_lib/api-route";
import { withAuth } from "../_lib/auth";
import { jsonResponse } from "../_lib/http";
import { operations } from "../_lib/operations";
import { outcomeResponse } from "../_lib/refusals";

export const dynamic = "force-dynamic";

/** Channels with secrets shown as `<kept>`. */
export const GET = withAuth("manage-notifications", async () => jsonResponse(await listChannels(db)));

export const POST = apiBodyRoute(operations.createChannel, async (_request, { user, body }) =>
  outcomeResponse(await saveChannel(db, body, user.username), (done) => done.channel, 201),
);
