/**
 * The browser's one way to call the API: JSON in and out, a refusal's `{ issues }` body parsed into a
 * typed error the forms show per field, and the answer checked with a zod schema where one exists.
 */
import { z } from "zod";
import type { FieldIssue } from "@/lib/cluster/definition";

const issuesBodySchema = z.object({ issues: z.array(z.object({ path: z.string(), message: z.string() })) });

export class ApiIssuesError extends Error {
  constructor(
    readonly status: number,
    readonly issues: FieldIssue[],
  ) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; ") || `HTTP ${status}`);
  }
}

export interface ApiInit<T> extends RequestInit {
  /** Checks the answer (else it is trusted to be T). */
  schema?: z.ZodType<T>;
  /** Statuses whose body is still the answer, e.g. a health 503 or a failed test send's 502. */
  answerStatuses?: readonly number[];
}

export async function apiJson<T>(url: string, init: ApiInit<T> = {}): Promise<T> {
  const { schema, answerStatuses = [], ...request } = init;
  const response = await fetch(url, {
    cache: "no-store",
    ...request,
    headers: { "content-type": "application/json", ...request.headers },
  });
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok && !answerStatuses.includes(response.status)) {
    const refusal = issuesBodySchema.safeParse(body);
    throw new ApiIssuesError(response.status, refusal.success ? refusal.data.issues : []);
  }
  if (!schema) return body as T;
  const answer = schema.safeParse(body);
  if (!answer.success)
    throw new Error(`${url}: unexpected answer: ${answer.error.issues.map((i) => i.message).join("; ")}`);
  return answer.data;
}

/** Issues to show for a failed call: the server's per-field issues, else one line for the whole form. */
export function issuesOf(error: unknown): FieldIssue[] {
  if (error instanceof ApiIssuesError && error.issues.length > 0) return error.issues;
  return error instanceof Error ? [{ path: "(form)", message: error.message }] : [];
}

/** A failed call as one line for a form (an ApiIssuesError's message lists its field issues); "" if none. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : "";
}

/** A write: `body` (when given) sent as JSON with `method`. */
export function apiSend<T>(
  url: string,
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  body?: unknown,
  init: ApiInit<T> = {},
): Promise<T> {
  return apiJson<T>(url, { ...init, method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
}
