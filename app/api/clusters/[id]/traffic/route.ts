import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { getClusterTraffic } from "@/lib/store/traffic";
import { isTrafficRange } from "@/lib/traffic/view";
import { withAuth } from "@/app/api/_lib/auth";

export const dynamic = "force-dynamic";

/** The traffic charts' points: `?range=15m|1h|24h|7d` (default 15m). */
export const GET = withAuth<{ id: string }>("read", async (request, { params: { id } }) => {
  const asked = new URL(request.url).searchParams.get("range");
  if (asked !== null && !isTrafficRange(asked))
    return NextResponse.json({ error: "range: one of 15m, 1h, 24h, 7d" }, { status: 400 });
  const traffic = await getClusterTraffic(db, id, asked ?? "15m");
  if (!traffic) return NextResponse.json({ error: "no such cluster" }, { status: 404 });
  return NextResponse.json(traffic, { headers: { "cache-control": "no-store" } });
});
