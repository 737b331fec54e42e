import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listClusterSummaries } from "@/lib/store/clusters";

export const dynamic = "force-dynamic";

export async function GET() {
  return NextResponse.json(await listClusterSummaries(db), { headers: { "cache-control": "no-store" } });
}
