/** Shared plumbing for route handlers: bounded JSON bodies and uniform error answers. */
import { NextResponse } from "next/server";
import type { FieldIssue } from "@/lib/cluster/definition";
import { MAX_FILE_BYTES } from "@/lib/cluster/yaml";

export const NO_STORE = { "cache-control": "no-store" };

/** Reads a JSON body of at most MAX_FILE_BYTES; answers with a field-level error otherwise. */
export async function readJsonBody(
  request: Request,
): Promise<{ ok: true; body: unknown } | { ok: false; response: NextResponse }> {
  const text = await request.text();
  if (Buffer.byteLength(text, "utf8") > MAX_FILE_BYTES) {
    return {
      ok: false,
      response: issuesResponse(413, [{ path: "(body)", message: `larger than ${MAX_FILE_BYTES} bytes` }]),
    };
  }
  try {
    return { ok: true, body: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: issuesResponse(400, [{ path: "(body)", message: "not valid JSON" }]) };
  }
}

/** A JSON answer no cache keeps (every API answer is about live state). */
export function jsonResponse(body: unknown, status = 200): NextResponse {
  return NextResponse.json(body, { status, headers: NO_STORE });
}

export function issuesResponse(
  status: number,
  issues: FieldIssue[],
  warnings: FieldIssue[] = [],
): NextResponse {
  return jsonResponse({ issues, warnings }, status);
}

/** 404 for a thing the path names that does not exist: `no such <what>` at `(<path>)`. */
export function notFoundResponse(what: string, path = what): NextResponse {
  return issuesResponse(404, [{ path: `(${path})`, message: `no such ${what}` }]);
}
