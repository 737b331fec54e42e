import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listRevisions } from "@/lib/store/definitions";
import { NO_STORE } from "../../../_lib/http";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return NextResponse.json(await listRevisions(db, id), { headers: NO_STORE });
}
