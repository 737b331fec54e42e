import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listRevisions } from "@/lib/store/definitions";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

export const GET = withAuth<{ id: string }>("read", async (_request, { params }) =>
  NextResponse.json(await listRevisions(db, params.id), { headers: NO_STORE }),
);
