/** The browser's API client against a stubbed fetch: refusals become per-field issues, answers are checked. */
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiIssuesError, apiJson, apiSend, issuesOf } from "./api-client";

const answer = (status: number, body: unknown) =>
  vi.stubGlobal(
    "fetch",
    vi.fn(() => Promise.resolve(new Response(JSON.stringify(body), { status }))),
  );
afterEach(() => vi.unstubAllGlobals());

describe("apiJson", () => {
  it("turns a refusal's issues into an ApiIssuesError, and a body without them into its status", async () => {
    answer(400, { issues: [{ path: "name", message: "required" }] });
    const refused = await apiJson("/api/x").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiIssuesError);
    expect(issuesOf(refused)).toEqual([{ path: "name", message: "required" }]);
    answer(500, { issues: "not a list" });
    expect(issuesOf(await apiJson("/api/x").catch((error: unknown) => error))).toEqual([
      { path: "(form)", message: "HTTP 500" },
    ]);
  });

  it("returns the body of a status named an answer, and checks it with the schema", async () => {
    answer(503, { ok: false });
    await expect(apiJson("/api/health", { answerStatuses: [503] })).resolves.toEqual({ ok: false });
    answer(200, { ok: "yes" });
    await expect(apiJson("/api/health", { schema: z.object({ ok: z.boolean() }) })).rejects.toThrow(
      /unexpected answer/,
    );
  });
});

describe("apiSend", () => {
  it("sends the body as JSON with the method, and no body when there is none", async () => {
    answer(200, { id: 1 });
    const sent = vi.mocked(fetch);
    await expect(apiSend("/api/users", "POST", { username: "ann" })).resolves.toEqual({ id: 1 });
    expect(sent.mock.calls[0]?.[1]).toMatchObject({ method: "POST", body: '{"username":"ann"}' });
    await apiSend("/api/users/1", "DELETE");
    expect(sent.mock.calls[1]?.[1]).not.toHaveProperty("body");
  });
});
