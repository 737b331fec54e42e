import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listDeliveries } from "@/lib/store/notification-channels";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";
import { numericId } from "@/app/api/_lib/ids";

export const dynamic = "force-dynamic";

/** The newest delivery attempts of every channel (`?channel=ID` for one). */
export const GET = withAuth("manage-notifications", async (request) => {
  const channel = numericId(new URL(request.url).searchParams.get("channel"));
  return NextResponse.json(await listDeliveries(db, 100, channel ?? undefined), { headers: NO_STORE });
});
