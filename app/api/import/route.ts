import { NextResponse } from "next/server";
import { adoptionWarnings } from "@/lib/certificates/adopt";
import { importPair } from "@/lib/cluster/import/import-pair";
import { validateDefinition } from "@/lib/cluster/definition";
import { apiRoute } from "../_lib/api-route";
import { db } from "@/lib/db/client";
import { validationContext } from "@/lib/store/definitions";
import { issuesResponse, NO_STORE } from "../_lib/http";
import { operations } from "../_lib/operations";

export const dynamic = "force-dynamic";

/** Turns existing config files into a draft definition; stores nothing (the form saves it). */
export const POST = apiRoute(operations.importFiles, async (_request, { readBody }) => {
  const read = await readBody();
  if (!read.ok) return read.response;
  const imported = importPair(read.body);
  if (imported.refusals.length > 0) return issuesResponse(422, imported.refusals);
  // Against the stored clusters too, so a VRID already used on the segment shows before saving.
  const validation = validateDefinition(imported.definition, await validationContext(db));
  return NextResponse.json(
    {
      definition: imported.definition,
      // The certificate files the binds name: read from the nodes and held once the cluster is saved.
      warnings: [...imported.warnings, ...adoptionWarnings(imported.definition), ...validation.warnings],
      issues: validation.ok ? [] : validation.issues,
    },
    { headers: NO_STORE },
  );
});
