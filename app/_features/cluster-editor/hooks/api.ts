/** Fetch helpers that turn the API's `{ issues }` answers into a typed error the form can show per field. */
import type { FieldIssue } from "@/lib/cluster/definition";

export class ApiIssuesError extends Error {
  constructor(
    readonly status: number,
    readonly issues: FieldIssue[],
  ) {
    super(issues.map((i) => `${i.path}: ${i.message}`).join("; ") || `HTTP ${status}`);
  }
}

export async function apiJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { "content-type": "application/json", ...init?.headers },
  });
  const body = (await response.json().catch(() => ({}))) as { issues?: FieldIssue[] };
  if (!response.ok) throw new ApiIssuesError(response.status, body.issues ?? []);
  return body as T;
}

/** A mutation's error as one line for a form: the field issues, else the message. */
export function errorText(error: unknown): string {
  if (error instanceof ApiIssuesError) return error.issues.map((i) => `${i.path}: ${i.message}`).join("; ");
  return error instanceof Error ? error.message : "";
}
