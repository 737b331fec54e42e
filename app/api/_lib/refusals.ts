/** The one place a store refusal becomes an HTTP status. */
import type { NextResponse } from "next/server";
import type { FieldIssue } from "@/lib/cluster/definition";
import type { Refusal, RefusalCode } from "@/lib/store/result";
import { issuesResponse } from "./http";

export const REFUSAL_STATUS: Record<RefusalCode, number> = {
  invalid: 422,
  "not-found": 404,
  conflict: 409,
  "forbidden-by-state": 409,
  // The agents did not answer in time: the upstream of this request failed.
  unavailable: 502,
};

export function refusalResponse(refused: Refusal & { warnings?: FieldIssue[] }): NextResponse {
  return issuesResponse(REFUSAL_STATUS[refused.code], refused.issues, refused.warnings);
}
