import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { getRevision, saveDefinition } from "@/lib/store/definitions";
import { withAuth } from "@/app/api/_lib/auth";
import { field, issuesResponse, NO_STORE, readJsonBody } from "@/app/api/_lib/http";

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
export const PUT = withAuth<{ id: string }>("edit-cluster", async (request, { user, params }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const base = field(read.body, "baseRevision");
  const message = field(read.body, "message");
  const outcome = await saveDefinition(db, field(read.body, "definition"), {
    mode: "update",
    clusterId: params.id,
    baseRevision: typeof base === "number" ? base : undefined,
    author: user.username,
    message: typeof message === "string" ? message.slice(0, 500) : "",
  });
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues, outcome.warnings);
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
