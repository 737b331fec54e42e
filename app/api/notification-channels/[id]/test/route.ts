import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { sendToChannel } from "@/lib/notify/send";
import { recordTestDelivery, testMessage } from "@/lib/store/alert-outbox";
import { revealChannel } from "@/lib/store/notification-channels";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";
import { errorMessage } from "@/lib/error-message";

export const dynamic = "force-dynamic";

/** "Send test": one message now, recorded in the delivery log; answers what the channel answered. */
export const POST = withAuth<{ id: string }>("manage-notifications", async (_request, { params }) => {
  const id = numericId(params.id);
  const row = id === null ? null : await db.notificationChannel.findUnique({ where: { id } });
  if (!row) return issuesResponse(404, [{ path: "(channel)", message: "no such channel" }]);
  const result = await Promise.resolve()
    .then(() => sendToChannel(revealChannel(row), testMessage(row.name)))
    .catch((error: unknown) => ({
      // A stored secret that cannot be opened (its key is gone): say so, never the value.
      ok: false,
      response: null,
      error: errorMessage(error),
      durationMs: 0,
    }));
  await recordTestDelivery(db, row.id, result);
  return NextResponse.json(result, { status: result.ok ? 200 : 502, headers: NO_STORE });
});
