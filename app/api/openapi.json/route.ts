import { NextResponse } from "next/server";
import { withAuth } from "../_lib/auth";
import { NO_STORE } from "../_lib/http";
import { openApiDocument } from "../_lib/openapi";
import { operations } from "../_lib/operations";

export const dynamic = "force-dynamic";

let document: Record<string, unknown> | null = null;

/** The OpenAPI 3.1 document of this API (built once per process: it depends only on the code). */
export const GET = withAuth(operations.openapi.access.capability, async () => {
  document ??= openApiDocument();
  return NextResponse.json(document, { headers: NO_STORE });
});
