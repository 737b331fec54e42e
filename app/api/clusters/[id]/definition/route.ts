import { NextResponse } from "next/server";
import { db } from "@/lib/db/client";
import { getRevision, saveDefinition } from "@/lib/store/definitions";
import { authorOf, field, issuesResponse, NO_STORE, readJsonBody } from "../../../_lib/http";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export async function GET(_request: Request, { params }: Context) {
  const { id } = await params;
  const revision = await getRevision(db, id);
  if (!revision) return issuesResponse(404, [{ path: "(cluster)", message: "no such cluster" }]);
  return NextResponse.json({ revision: revision.number, definition: revision.definition }, { headers: NO_STORE });
}

/** Saves `{ definition, baseRevision?, message? }` as the next revision; 409 if someone saved in between. */
export async function PUT(request: Request, { params }: Context) {
  const { id } = await params;
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const base = field(read.body, "baseRevision");
  const message = field(read.body, "message");
  const outcome = await saveDefinition(db, field(read.body, "definition"), {
    mode: "update",
    clusterId: id,
    baseRevision: typeof base === "number" ? base : undefined,
    author: authorOf(request),
    message: typeof message === "string" ? message.slice(0, 500) : "",
  });
  if (!outcome.ok) return issuesResponse(outcome.status, outcome.issues, outcome.warnings);
  return NextResponse.json({ id: outcome.clusterId, revision: outcome.revision, created: outcome.created, warnings: outcome.warnings }, { headers: NO_STORE });
}
