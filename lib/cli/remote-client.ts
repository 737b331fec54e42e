/**
 * The remote CLI's HTTP client: the server URL from `--server`, the API token from HAPAIR_TOKEN only
 * (a flag would show in `ps` and shell history). Every call has a timeout; an answer's `{ issues }`
 * become field-level lines; answers are bounded in size before they are parsed.
 */
import type { FieldIssue } from "@/lib/cluster/definition";
import { UsageError } from "./io";
import { errorMessage } from "@/lib/error-message";

const CALL_TIMEOUT_MS = 60_000;
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

export type Answer<T> =
  { ok: true; status: number; body: T } | { ok: false; status: number; issues: FieldIssue[] };

export interface RemoteClient {
  server: string;
  call<T>(method: string, path: string, body?: unknown): Promise<Answer<T>>;
  text(path: string): Promise<Answer<string>>;
}

export function remoteClient(
  server: string,
  env: Record<string, string | undefined>,
  fetchImpl: typeof fetch = fetch,
): RemoteClient {
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new UsageError(`--server takes a URL (http://host:port), got ${JSON.stringify(server)}`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:")
    throw new UsageError("--server must be an http:// or https:// URL");
  const token = env.HAPAIR_TOKEN?.trim();
  if (!token) throw new UsageError("set HAPAIR_TOKEN to an API token (create one on the API tokens page)");

  async function send(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; text: string }> {
    const response = await fetchImpl(new URL(path, base), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
    });
    const text = await response.text();
    if (Buffer.byteLength(text) > MAX_ANSWER_BYTES)
      return {
        status: 502,
        text: JSON.stringify({ issues: [{ path: "(server)", message: "answer too large" }] }),
      };
    return { status: response.status, text };
  }

  function failure(status: number, text: string): Answer<never> {
    let issues: FieldIssue[] = [];
    try {
      issues = ((JSON.parse(text) as { issues?: FieldIssue[] }).issues ?? []).slice(0, 200);
    } catch {
      // Not our JSON (a proxy's error page): the status says enough.
    }
    return {
      ok: false,
      status,
      issues: issues.length > 0 ? issues : [{ path: "(server)", message: `HTTP ${status}` }],
    };
  }

  async function guarded<T>(run: () => Promise<Answer<T>>): Promise<Answer<T>> {
    try {
      return await run();
    } catch (error) {
      const message = errorMessage(error);
      return {
        ok: false,
        status: 0,
        issues: [{ path: "(server)", message: `cannot reach ${base.origin}: ${message}` }],
      };
    }
  }

  return {
    server: base.origin,
    call: <T>(method: string, path: string, body?: unknown) =>
      guarded<T>(async () => {
        const { status, text } = await send(method, path, body);
        if (status >= 400) return failure(status, text);
        return { ok: true, status, body: JSON.parse(text) as T };
      }),
    text: (path: string) =>
      guarded<string>(async () => {
        const { status, text } = await send("GET", path);
        return status >= 400 ? failure(status, text) : { ok: true, status, body: text };
      }),
  };
}
