import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { segmentVrids } from "@/lib/store/segment-vrids";
import { withAuth } from "@/app/api/_lib/auth";

export const dynamic = "force-dynamic";

/** VRIDs heard on the segment and used by clusters, with a free one: `?cluster=ID` for one pair's segment. */
export const GET = withAuth("read", async (request) => {
  const cluster = new URL(request.url).searchParams.get("cluster") ?? undefined;
  const vrids = await segmentVrids(db, cluster);
  if (!vrids) return NextResponse.json({ error: "no such cluster" }, { status: 404 });
  return NextResponse.json(vrids, { headers: { "cache-control": "no-store" } });
});
