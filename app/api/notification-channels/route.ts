import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listChannels, saveChannel } from "@/lib/store/notification-channels";
import { apiRoute } from "../_lib/api-route";
import { withAuth } from "../_lib/auth";
import { NO_STORE } from "../_lib/http";
import { operations } from "../_lib/operations";
import { refusalResponse } from "../_lib/refusals";

export const dynamic = "force-dynamic";

/** Channels with secrets shown as `<kept>`. */
export const GET = withAuth("manage-notifications", async () =>
  NextResponse.json(await listChannels(db), { headers: NO_STORE }),
);

export const POST = apiRoute(operations.createChannel, async (_request, { user, readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await saveChannel(db, read.body, user.username);
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json(outcome.channel, { status: 201, headers: NO_STORE });
});
