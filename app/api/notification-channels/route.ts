import { NextResponse } from "next/server";
import { zodIssues } from "@/lib/cluster/definition";
import { db } from "@/lib/db/client";
import { channelInputSchema } from "@/lib/notify/schemas";
import { listChannels, saveChannel } from "@/lib/store/notification-channels";
import { withAuth } from "../_lib/auth";
import { issuesResponse, NO_STORE, readJsonBody } from "../_lib/http";

export const dynamic = "force-dynamic";

/** Channels with secrets shown as `<kept>`. */
export const GET = withAuth("manage-notifications", async () =>
  NextResponse.json(await listChannels(db), { headers: NO_STORE }),
);

export const POST = withAuth("manage-notifications", async (request, { user }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = channelInputSchema.safeParse(read.body);
  if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
  const outcome = await saveChannel(db, parsed.data, user.username);
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues);
  return NextResponse.json(outcome.channel, { status: 201, headers: NO_STORE });
});
