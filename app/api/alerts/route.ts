import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listActiveIncidents, listIncidentHistory } from "@/lib/store/alerts";
import { withAuth } from "../_lib/auth";
import { NO_STORE } from "../_lib/http";

export const dynamic = "force-dynamic";

/** Active alerts (firing first, then pending) and the latest resolved ones. */
export const GET = withAuth("read", async () => {
  const [active, history] = await Promise.all([listActiveIncidents(db), listIncidentHistory(db)]);
  return NextResponse.json({ active, history }, { headers: NO_STORE });
});
