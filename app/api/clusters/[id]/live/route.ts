import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { getClusterLive } from "@/lib/store/cluster-live";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const live = await getClusterLive(db, id);
  if (!live) return NextResponse.json({ error: "no such cluster" }, { status: 404 });
  return NextResponse.json(live, { headers: { "cache-control": "no-store" } });
}
