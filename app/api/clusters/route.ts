import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { listClusterSummaries } from "@/lib/store/clusters";
import { saveDefinition } from "@/lib/store/definitions";
import { withAuth } from "../_lib/auth";
import { field, issuesResponse, NO_STORE, readJsonBody } from "../_lib/http";

export const dynamic = "force-dynamic";

export const GET = withAuth("read", async () =>
  NextResponse.json(await listClusterSummaries(db), { headers: NO_STORE }),
);

/** Creates a cluster from `{ definition, message? }`. 422 with field issues; nothing stored then. */
export const POST = withAuth("edit-cluster", async (request, { user }) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const message = field(read.body, "message");
  const outcome = await saveDefinition(db, field(read.body, "definition"), {
    mode: "create",
    author: user.username,
    message: typeof message === "string" ? message.slice(0, 500) : "",
  });
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues, outcome.warnings);
  return NextResponse.json(
    { id: outcome.clusterId, revision: outcome.revision, warnings: outcome.warnings },
    { status: 201, headers: NO_STORE },
  );
});
