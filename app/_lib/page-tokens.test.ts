/** Pages never take API tokens: a page request with only `Authorization: Bearer` is sent to sign-in. */
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

describe("pages and API tokens", () => {
  it("sends a page request carrying only a bearer token to sign-in", () => {
    const request = new NextRequest("http://127.0.0.1:3000/admin/users", {
      headers: { authorization: `Bearer hapair_${"0".repeat(16)}_${"A".repeat(43)}` },
    });
    const response = proxy(request);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toMatch(/\/login\?next=%2Fadmin%2Fusers$/);
  });

  it("page-auth reads the session cookie only", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync("app/_lib/page-auth.ts", "utf8");
    expect(source).not.toMatch(/authorization|bearer|resolveApiToken/i);
  });
});
