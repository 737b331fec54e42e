import { NextResponse } from "next/server";
import { withAuth } from "../../_lib/auth";
import { NO_STORE } from "../../_lib/http";

export const dynamic = "force-dynamic";

export const GET = withAuth("self", async (_request, { user }) =>
  NextResponse.json({ username: user.username, role: user.role }, { headers: NO_STORE }),
);
