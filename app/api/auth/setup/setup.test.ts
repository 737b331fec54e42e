/** First-run setup on an empty database: DNS-rebound requests refused, and parallel setups make one admin. */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("setup");
let setup: typeof import("./route").POST;

beforeAll(async () => {
  setup = (await import("./route")).POST;
}, 60_000);

const post = (username: string, headers: Record<string, string>) =>
  setup(
    new Request("http://127.0.0.1:3000/api/auth/setup", {
      method: "POST",
      body: JSON.stringify({ username, password: "first-admin-password" }),
      headers,
    }),
    {
      params: Promise.resolve({}),
    },
  );

describe("first-run setup", () => {
  it("refuses a request for another host name (DNS rebinding), even while no user exists", async () => {
    for (const host of ["rebind.evil.example", "rebind.evil.example:3000"]) {
      const response = await post("mallory", {
        host,
        origin: `http://${host}`,
        "sec-fetch-site": "same-origin",
      });
      expect(response.status).toBe(403);
    }
    expect(await db.user.count()).toBe(0);
  });

  it("makes exactly one admin out of 8 concurrent setups", async () => {
    const local = { host: "127.0.0.1:3000", origin: "http://127.0.0.1:3000" };
    const names = ["a1", "a2", "a3", "a4", "a5", "a6", "same", "same"];
    const statuses = (await Promise.all(names.map((name) => post(name, local)))).map(
      (response) => response.status,
    );
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(7);
    expect(await db.user.count()).toBe(1);
    expect(await db.auditEntry.count({ where: { action: "user.create" } })).toBe(1);
  }, 60_000);
});
