import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { getRevision, saveDefinition } from "@/lib/store/definitions";
import { apiRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { issuesResponse, NO_STORE } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { refusalResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** The latest revision, secrets shown only as the "kept" marker. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params }) => {
  const revision = await getRevision(db, params.id);
  if (!revision) return issuesResponse(404, [{ path: "(cluster)", message: "no such cluster" }]);
  return NextResponse.json(
    { revision: revision.number, definition: revision.definition },
    { headers: NO_STORE },
  );
});

/** Saves `{ definition, baseRevision?, message? }` as the next revision; 409 if someone saved in between. */
export const PUT = apiRoute(operations.saveDefinition, async (_request, { user, params, readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await saveDefinition(db, read.body.definition, {
    mode: "update",
    clusterId: params.id,
    baseRevision: read.body.baseRevision,
    author: user.username,
    message: read.body.message,
  });
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json(
    {
      id: outcome.clusterId,
      revision: outcome.revision,
      created: outcome.created,
      warnings: outcome.warnings,
    },
    { headers: NO_STORE },
  );
});
