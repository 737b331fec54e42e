import { NextResponse } from "next/server";
import { validateDefinition } from "@/lib/cluster/definition";
import { renderCluster } from "@/lib/cluster/render";
import { db } from "@/lib/db/client";
import { validationContext } from "@/lib/store/definitions";
import { apiRoute } from "../_lib/api-route";
import { issuesResponse, NO_STORE } from "../_lib/http";
import { operations } from "../_lib/operations";

export const dynamic = "force-dynamic";

/** Validates `{ definition }` against the stored clusters and returns the files it renders; stores nothing. */
export const POST = apiRoute(operations.render, async (_request, { readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const result = validateDefinition(read.body.definition, await validationContext(db));
  if (!result.ok) return issuesResponse(422, result.issues, result.warnings);
  return NextResponse.json(
    { files: renderCluster(result.definition), warnings: result.warnings },
    { headers: NO_STORE },
  );
});
