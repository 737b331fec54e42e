import { NextResponse } from "next/server";
import { auditToCsv, auditToNdjson } from "@/lib/audit/export";
import { listAudit } from "@/lib/audit/audit";
import { db } from "@/lib/db/client";
import { withAuth } from "../_lib/auth";
import { issuesResponse, NO_STORE } from "../_lib/http";
import { numericId } from "../_lib/ids";

export const dynamic = "force-dynamic";

const EXPORT_LIMIT = 100_000;

/**
 * `?limit=&before=&action=` newest first as JSON; `?format=ndjson|csv` downloads the whole log (up to
 * EXPORT_LIMIT entries) as a file.
 */
export const GET = withAuth("read-audit", async (request) => {
  const query = new URL(request.url).searchParams;
  const format = query.get("format") ?? "json";
  const action = query.get("action") ?? undefined;
  if (format === "ndjson" || format === "csv") {
    const entries = await listAudit(db, { limit: EXPORT_LIMIT, action });
    const body = format === "csv" ? auditToCsv(entries) : auditToNdjson(entries);
    return new Response(body, {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson",
        "content-disposition": `attachment; filename="hapair-audit.${format}"`,
        "cache-control": "no-store",
      },
    });
  }
  if (format !== "json") return issuesResponse(400, [{ path: "format", message: "json, ndjson or csv" }]);
  const limit = Math.min(Math.max(Math.floor(Number(query.get("limit") ?? 100)) || 100, 1), 500);
  const entries = await listAudit(db, {
    limit,
    beforeId: numericId(query.get("before")) ?? undefined,
    action,
  });
  return NextResponse.json(entries, { headers: NO_STORE });
});
