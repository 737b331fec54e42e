import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listClusterSummaries } from "@/lib/store/clusters";
import { saveDefinition } from "@/lib/store/definitions";
import { apiRoute } from "../_lib/api-route";
import { withAuth } from "../_lib/auth";
import { NO_STORE } from "../_lib/http";
import { operations } from "../_lib/operations";
import { refusalResponse } from "../_lib/refusals";

export const dynamic = "force-dynamic";

export const GET = withAuth("read", async () =>
  NextResponse.json(await listClusterSummaries(db), { headers: NO_STORE }),
);

/** Creates a cluster from `{ definition, message? }`. 422 with field issues; nothing stored then. */
export const POST = apiRoute(operations.createCluster, async (_request, { user, readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const outcome = await saveDefinition(db, read.body.definition, {
    mode: "create",
    author: user.username,
    message: read.body.message,
  });
  if (!outcome.ok) return refusalResponse(outcome);
  return NextResponse.json(
    { id: outcome.clusterId, revision: outcome.revision, warnings: outcome.warnings },
    { status: 201, headers: NO_STORE },
  );
});
