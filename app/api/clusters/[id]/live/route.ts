import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { getClusterLive } from "@/lib/store/cluster-live";
import { withAuth } from "@/app/api/_lib/auth";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>("read", async (_request, { params: { id } }) => {
  const live = await getClusterLive(db, id);
  if (!live) return NextResponse.json({ error: "no such cluster" }, { status: 404 });
  return NextResponse.json(live, { headers: { "cache-control": "no-store" } });
});
