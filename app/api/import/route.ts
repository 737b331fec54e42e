import { NextResponse } from "next/server";
import { importPair } from "@/lib/cluster/import/import-pair";
import { importRequestSchema } from "@/lib/cluster/import/import-request";
import { validateDefinition, zodIssues } from "@/lib/cluster/definition";
import { withAuth } from "../_lib/auth";
import { db } from "@/lib/db/client";
import { validationContext } from "@/lib/store/definitions";
import { issuesResponse, NO_STORE, readJsonBody } from "../_lib/http";

export const dynamic = "force-dynamic";

/** Turns existing config files into a draft definition; stores nothing (the form saves it). */
export const POST = withAuth("edit-cluster", async (request) => {
  const read = await readJsonBody(request);
  if (!read.ok) return read.response;
  const parsed = importRequestSchema.safeParse(read.body);
  if (!parsed.success) return issuesResponse(422, zodIssues(parsed.error));
  const imported = importPair(parsed.data);
  if (imported.refusals.length > 0) return issuesResponse(422, imported.refusals);
  // Against the stored clusters too, so a VRID already used on the segment shows before saving.
  const validation = validateDefinition(imported.definition, await validationContext(db));
  return NextResponse.json(
    {
      definition: imported.definition,
      warnings: [...imported.warnings, ...validation.warnings],
      issues: validation.ok ? [] : validation.issues,
    },
    { headers: NO_STORE },
  );
});
