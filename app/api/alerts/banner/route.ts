import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { activeSplitBrains } from "@/lib/store/alerts";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

/** Firing split-brains, for the banner every page polls. */
export const GET = withAuth("read", async () =>
  NextResponse.json({ splitBrains: await activeSplitBrains(db) }, { headers: NO_STORE }),
);
