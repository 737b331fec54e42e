import { db } from "@/lib/db/client";
import { getRevision, saveDefinition } from "@/lib/store/definitions";
import { apiBodyRoute } from "@/app/api/_lib/api-route";
import { withAuth } from "@/app/api/_lib/auth";
import { jsonResponse, notFoundResponse } from "@/app/api/_lib/http";
import { operations } from "@/app/api/_lib/operations";
import { outcomeResponse } from "@/app/api/_lib/refusals";

export const dynamic = "force-dynamic";

/** The latest revision, secrets shown only as the "kept" marker. */
export const GET = withAuth<{ id: string }>("read", async (_request, { params }) => {
  const revision = await getRevision(db, params.id);
  if (!revision) return notFoundResponse("cluster");
  return jsonResponse({ revision: revision.number, definition: revision.definition });
});

/** Saves `{ definition, baseRevision?, message? }` as the next revision; 409 if someone saved in between. */
export const PUT = apiBodyRoute(operations.saveDefinition, async (_request, { user, params, body }) =>
  outcomeResponse(
    await saveDefinition(db, body.definition, {
      mode: "update",
      clusterId: params.id,
      baseRevision: body.baseRevision,
      author: user.username,
      message: body.message,
    }),
    (done) => ({
      id: done.clusterId,
      revision: done.revision,
      created: done.created,
      warnings: done.warnings,
    }),
  ),
);
