/**
 * Every HTTP route of the app, found on disk (so a new route cannot be forgotten): each handler
 * declares its access rule, refuses anonymous callers unless public, lets a viewer change nothing,
 * and refuses cross-site writes, tampered and expired sessions. Server actions are refused outright:
 * the app has none, and a new one would have to come with its own check here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";
import type { GuardedHandler } from "./_lib/auth";

// What scripts/web-server.ts does: the socket peer in a header only it names.
const PEER = "x-test-peer";
process.env.HAPAIR_PEER_HEADER = PEER;
const { db } = await useTestDatabase("access");

const APP = join(process.cwd(), "app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
// Handlers any signed-in user may call on their own session.
const SELF_SERVICE = new Set(["POST /api/auth/logout", "GET /api/auth/me"]);
const PUBLIC = new Set(["GET /api/health", "POST /api/auth/login", "POST /api/auth/setup"]);

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const routeFiles = walk(join(APP, "api")).filter((path) => path.endsWith("/route.ts"));
const urlOf = (file: string) => `/${relative(APP, file).replace(/\/route\.ts$/, "")}`;

interface Endpoint {
  name: string;
  handler: GuardedHandler<Record<string, string>>;
}
let endpoints: Endpoint[] = [];
const cookies: Record<string, string> = {};

beforeAll(async () => {
  const { cookieFor } = await import("@/lib/auth/__fixtures__/test-sessions");
  for (const role of ["viewer", "operator", "admin"] as const) cookies[role] = await cookieFor(db, role);
  for (const file of routeFiles) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = module[method];
      if (typeof handler === "function")
        endpoints.push({ name: `${method} ${urlOf(file)}`, handler: handler as Endpoint["handler"] });
    }
  }
  endpoints = endpoints.sort((a, b) => a.name.localeCompare(b.name));
}, 60_000);

const anyParams = { params: Promise.resolve({ id: "no-such-id", number: "1" }) };
function request(name: string, headers: Record<string, string> = {}): Request {
  const [method = "GET", path = "/"] = name.split(" ");
  const body = method === "GET" || method === "HEAD" ? undefined : "{}";
  return new Request(`http://127.0.0.1:3000${path}`, {
    method,
    body,
    headers: { "content-type": "application/json", host: "127.0.0.1:3000", ...headers },
  });
}
const isWrite = (name: string) => !name.startsWith("GET ") && !name.startsWith("HEAD ");

describe("access control on every route", () => {
  it("finds the routes, and each one declares its access rule", () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(15);
    for (const { name, handler } of endpoints) {
      expect(handler.access, `${name} is not wrapped by withAuth/publicRoute`).toBeDefined();
      expect(handler.access.kind === "public", `${name}: public?`).toBe(PUBLIC.has(name));
    }
  });

  it("refuses anonymous, tampered and expired sessions on every non-public route", async () => {
    const { token } = await (
      await import("@/lib/auth/session")
    ).createSession(db, (await db.user.findUniqueOrThrow({ where: { username: "test-admin" } })).id, "t");
    await db.session.updateMany({
      where: { userAgent: "t" },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const admin = cookies.admin ?? "";
    const tampered = admin.slice(0, -2) + (admin.endsWith("AA") ? "BB" : "AA");
    for (const { name, handler } of endpoints.filter((e) => e.handler.access.kind === "session")) {
      for (const cookie of [
        undefined,
        tampered,
        `hapair_session=${token}`,
        "hapair_session=../../etc/passwd",
      ]) {
        const response = await handler(request(name, cookie ? { cookie } : {}), anyParams);
        expect(response.status, `${name} with ${cookie ? "a bad cookie" : "no cookie"}`).toBe(401);
      }
    }
  });

  it("lets a viewer change nothing", async () => {
    for (const { name, handler } of endpoints.filter(
      (e) => e.handler.access.kind === "session" && isWrite(e.name) && !SELF_SERVICE.has(e.name),
    )) {
      const response = await handler(request(name, { cookie: cookies.viewer ?? "" }), anyParams);
      expect(response.status, name).toBe(403);
    }
  });

  it("refuses cross-site writes even with a valid admin session", async () => {
    for (const { name, handler } of endpoints.filter((e) => isWrite(e.name))) {
      const crossSite: Record<string, string>[] = [
        { origin: "https://evil.example" },
        { "sec-fetch-site": "cross-site" },
        { origin: "null" },
        // DNS rebinding: same-origin as far as the browser knows, but not our host name.
        {
          host: "rebind.evil.example:3000",
          origin: "http://rebind.evil.example:3000",
          "sec-fetch-site": "same-origin",
        },
        { host: "rebind.evil.example" },
        { "x-forwarded-host": "rebind.evil.example" },
      ];
      for (const headers of crossSite) {
        const response = await handler(request(name, { cookie: cookies.admin ?? "", ...headers }), anyParams);
        expect(response.status, `${name} ${JSON.stringify(headers)}`).toBe(403);
      }
    }
  });

  it("answers bad and oversized ids without a 500 on every route", async () => {
    const bad = [
      { id: "abc", number: "x", rolloutId: "x", nodeId: "x" },
      { id: "1", number: "99999999999999999999", rolloutId: "99999999999", nodeId: "99999999999" },
      { id: "1", number: "1.5", rolloutId: "-1", nodeId: "%00" },
    ];
    const query = "?from=1&to=99999999999&channel=99999999999&before=99999999999&limit=1.5&waitMs=0";
    for (const { name, handler } of endpoints) {
      for (const params of bad) {
        const [method = "GET", path = "/"] = name.split(" ");
        const response = await handler(
          request(`${method} ${path}${query}`, { cookie: cookies.admin ?? "" }),
          { params: Promise.resolve(params) },
        );
        await response.body?.cancel();
        expect(response.status, `${name} ${JSON.stringify(params)}`).not.toBe(500);
      }
    }
  }, 60_000);

  it("the wrapper turns a thrown error into a JSON 500 without internals, logged with route and user", async () => {
    const { withAuth, publicRoute } = await import("./_lib/auth");
    const logged: string[] = [];
    const spy = vi
      .spyOn(console, "error")
      .mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    try {
      const boom = async (): Promise<Response> => {
        throw new Error("SQLITE_CORRUPT at /srv/secret/path");
      };
      for (const [handler, who] of [
        [withAuth("read", boom), "test-viewer"],
        [publicRoute(boom), "anonymous"],
      ] as const) {
        const response = await handler(request("GET /api/boom", { cookie: cookies.viewer ?? "" }), {
          params: Promise.resolve({}),
        });
        expect(response.status).toBe(500);
        const body = await response.text();
        expect(JSON.parse(body)).toEqual({
          issues: [{ path: "(server)", message: expect.stringMatching(/internal error/) }],
          warnings: [],
        });
        expect(body).not.toMatch(/SQLITE|secret/);
        expect(logged.at(-1)).toMatch(
          new RegExp(`GET /api/boom \\(user ${who}\\) failed: Error: SQLITE_CORRUPT`),
        );
      }
    } finally {
      spy.mockRestore();
    }
  });

  it("the app defines no server actions (each would need a check here)", () => {
    const sources = walk(APP).filter((path) => /\.(ts|tsx)$/.test(path) && !path.endsWith(".test.ts"));
    const actions = sources.filter((path) => /^\s*["']use server["']/m.test(readFileSync(path, "utf8")));
    expect(actions.map((path) => relative(APP, path))).toEqual([]);
  });
});

describe("sign-in", () => {
  const login = async (username: string, password: string, headers: Record<string, string>) =>
    (await import("./auth/login/route")).POST(
      new Request("http://127.0.0.1:3000/api/auth/login", {
        method: "POST",
        body: JSON.stringify({ username, password }),
        headers,
      }),
      { params: Promise.resolve({}) },
    );
  const addUser = async (username: string, password: string) => {
    const { hashPassword } = await import("@/lib/auth/password");
    await db.user.create({ data: { username, role: "admin", passwordHash: await hashPassword(password) } });
  };

  it("limits a username from one client after 5 failed attempts, even for the right password, with one audit row", async () => {
    await addUser("brute", "right-password-1");
    const attempt = (password: string) => login("brute", password, { [PEER]: "10.9.9.9" });
    const ok = await attempt("right-password-1");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("set-cookie")).toMatch(
      /^hapair_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Expires=/,
    );
    for (let i = 0; i < 5; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    const locked = await attempt("right-password-1");
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    const rows = await db.auditEntry.findMany({ where: { action: "auth.login-failed", actor: "brute" } });
    expect(rows.map((row) => [row.target, (row.detail as { count: number }).count])).toEqual([
      ["10.9.9.9", 5],
    ]);
  }, 30_000);

  it("checks at most 5 of 30 parallel guesses: the right password sent 25th is refused", async () => {
    await addUser("racer", "right-password-2");
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        login("racer", i === 24 ? "right-password-2" : `wrong-${i}`, { [PEER]: "10.9.9.10" }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status !== 429).length, statuses.join(",")).toBeLessThanOrEqual(5);
    expect(statuses[24]).toBe(429);
  }, 60_000);

  it("keys the client on the socket peer: a rotating X-Forwarded-For is still limited", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push(
        (
          await login(`spray-${i}`, "wrong-password", {
            [PEER]: "10.9.9.11",
            "x-forwarded-for": `198.51.100.${i}`,
          })
        ).status,
      );
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429, 429]);
  }, 60_000);

  it("20 anonymous failures from one client do not lock another client out of a named admin", async () => {
    await addUser("boss", "right-password-3");
    for (let i = 0; i < 20; i++) await login("boss", `wrong-${i}`, { [PEER]: "10.9.9.12" });
    expect((await login("boss", "right-password-3", { [PEER]: "10.9.9.12" })).status).toBe(429);
    expect((await login("boss", "right-password-3", { [PEER]: "10.9.9.13" })).status).toBe(200);
  }, 60_000);

  it("keeps failed sign-ins' audit rows bounded: 1,000 failures make at most 101 rows", async () => {
    const { recordFailedLogin } = await import("@/lib/auth/failed-login-audit");
    const before = await db.auditEntry.count({ where: { action: "auth.login-failed" } });
    for (let i = 0; i < 1_000; i++) {
      const sameSource = i % 2 === 0;
      await recordFailedLogin(db, {
        username: sameSource ? "boss" : `nobody-${i}`,
        knownUser: sameSource,
        client: sameSource ? "10.8.0.1" : `10.8.${i >> 8}.${i & 255}`,
      });
    }
    const rows = await db.auditEntry.findMany({ where: { action: "auth.login-failed" } });
    expect(rows.length - before).toBeLessThanOrEqual(101);
    const counts = rows.map((row) => (row.detail as { count?: number }).count ?? 1);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1_000);
    expect(rows.find((row) => row.actor === "boss" && row.target === "10.8.0.1")?.detail).toMatchObject({
      count: 500,
    });
  }, 120_000);
});
