import { NextResponse } from "next/server";
import { validateDefinition } from "@/lib/cluster/definition";
import { renderCluster } from "@/lib/cluster/render";
import { db } from "@/lib/db/client";
import { validationContext } from "@/lib/store/definitions";
import { withAuth } from "../_lib/auth";
import { field, issuesResponse, NO_STORE, readJsonBody } from "../_lib/http";

export const dynamic = "force-dynamic";

/** Validates `{ definition }` against the stored clusters and returns the files it renders; stores nothing. */
export const POST = withAuth("edit-cluster", async (request) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const result = validateDefinition(field(read.body, "definition"), await validationContext(db));
  if (!result.ok) return issuesResponse(422, result.issues, result.warnings);
  return NextResponse.json(
    { files: renderCluster(result.definition), warnings: result.warnings },
    { headers: NO_STORE },
  );
});
