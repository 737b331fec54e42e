/** The one place a store refusal becomes an HTTP status. */
import type { NextResponse } from "next/server";
import type { FieldIssue } from "@/lib/cluster/definition";
import type { Refusal, RefusalCode } from "@/lib/store/result";
import { issuesResponse, jsonResponse } from "./http";

export const REFUSAL_STATUS: Record<RefusalCode, number> = {
  invalid: 422,
  forbidden: 403,
  "not-found": 404,
  conflict: 409,
  "forbidden-by-state": 409,
  // The agents did not answer in time: the upstream of this request failed.
  unavailable: 502,
};

export function refusalResponse(refused: Refusal & { warnings?: FieldIssue[] }): NextResponse {
  return issuesResponse(REFUSAL_STATUS[refused.code], refused.issues, refused.warnings);
}

type Outcome = { ok: true } | (Refusal & { warnings?: FieldIssue[] });

/** A store outcome as the answer: its refusal, or what `answer` makes of the success as JSON with `status`. */
export function outcomeResponse<O extends Outcome>(
  outcome: O,
  answer: (done: Extract<O, { ok: true }>) => unknown,
  status = 200,
): NextResponse {
  const settled: Outcome = outcome;
  if (!settled.ok) return refusalResponse(settled);
  // `ok` is true, so this is O's success member (TypeScript does not narrow a type parameter by it).
  return jsonResponse(answer(outcome as Extract<O, { ok: true }>), status);
}
