import { NextResponse } from "next/server";
import { withAuth } from "@/app/api/_lib/auth";
import { NO_STORE } from "@/app/api/_lib/http";

export const dynamic = "force-dynamic";

export const GET = withAuth("self", async (_request, { user }) =>
  NextResponse.json({ username: user.username, role: user.role }, { headers: NO_STORE }),
);
