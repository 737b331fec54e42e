/**
 * API tokens through the real route handlers: created for oneself with a role no higher than one's
 * own, service accounts by admins only, shown once and stored as a digest, last use listed, changes
 * made with a token audited, a demoted or disabled owner's token weakened or refused, and revocation
 * racing parallel use of the token.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GuardedHandler } from "../_lib/auth";

const dir = mkdtempSync(join(tmpdir(), "hapair-tokens-"));
process.env.DATABASE_URL = `file:${join(dir, "tokens.db")}`;

type Route = GuardedHandler<Record<string, string>>;
let db: typeof import("@/lib/db/client").db;
let tokens: { GET: Route; POST: Route };
let revoke: Route;
let clusters: { GET: Route };
let users: { POST: Route };
let login: Route;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  await (await import("@/lib/db/migrate")).migrateDatabase();
  db = (await import("@/lib/db/client")).db;
  const { cookieFor } = await import("@/lib/auth/__fixtures__/test-sessions");
  for (const role of ["viewer", "operator", "admin"] as const) cookies[role] = await cookieFor(db, role);
  tokens = (await import("./route")) as unknown as typeof tokens;
  revoke = (await import("./[id]/route")).DELETE as unknown as Route;
  clusters = (await import("../clusters/route")) as unknown as typeof clusters;
  users = (await import("../users/route")) as unknown as typeof users;
  login = (await import("../auth/login/route")).POST as unknown as Route;
}, 60_000);

afterAll(async () => {
  await db?.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const call = (route: Route, method: string, headers: Record<string, string>, body?: unknown, params = {}) =>
  route(
    new Request("http://127.0.0.1:3000/api/x", {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: { "content-type": "application/json", host: "127.0.0.1:3000", ...headers },
    }),
    { params: Promise.resolve(params) },
  );

interface Created {
  id: string;
  text?: string;
  role: string;
  owner: string;
  state: string;
  lastUsedAt: string | null;
}
async function create(cookie: string | undefined, body: Record<string, unknown>) {
  const response = await call(tokens.POST, "POST", { cookie: cookie ?? "" }, { expiresInDays: 30, ...body });
  return {
    status: response.status,
    body: (await response.json()) as Created & { issues?: { path: string }[] },
  };
}
const bearer = (text: string | undefined) => ({ authorization: `Bearer ${text ?? ""}` });

describe("API tokens", () => {
  it("are created for oneself with a role no higher than one's own, shown once, stored as a digest", async () => {
    const refused = await create(cookies.operator, { name: "too-high", role: "admin" });
    expect(refused.status).toBe(422);
    expect(refused.body.issues?.[0]?.path).toBe("role");
    const { status, body } = await create(cookies.operator, { name: "ci", role: "viewer" });
    expect(status).toBe(201);
    expect(body).toMatchObject({ owner: "test-operator", role: "viewer", state: "active", lastUsedAt: null });
    expect(body.text).toMatch(/^hapair_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: body.id } });
    expect(JSON.stringify(row)).not.toContain(body.text?.split("_").at(-1)?.slice(0, 20));
    const listed = (await (
      await call(tokens.GET, "GET", { cookie: cookies.operator ?? "" })
    ).json()) as Created[];
    expect(listed.find((t) => t.id === body.id)).toBeDefined();
    expect(JSON.stringify(listed)).not.toContain("text");
    expect(await db.auditEntry.count({ where: { action: "token.create", target: "test-operator/ci" } })).toBe(
      1,
    );
  });

  it("read with the token's role, record last use, and are audited when they change something", async () => {
    const viewer = await create(cookies.admin, { name: "read-only", role: "viewer" });
    expect((await call(clusters.GET, "GET", bearer(viewer.body.text))).status).toBe(200);
    const newUser = { username: "made-by-token", password: "long-enough-password", role: "viewer" };
    expect((await call(users.POST, "POST", bearer(viewer.body.text), newUser)).status).toBe(403);
    const admin = await create(cookies.admin, { name: "automation", role: "admin" });
    expect((await call(users.POST, "POST", bearer(admin.body.text), newUser)).status).toBe(201);
    const audit = await db.auditEntry.findMany({ where: { action: { in: ["user.create", "token.use"] } } });
    expect(audit.map((row) => [row.action, row.actor, row.target])).toEqual([
      ["user.create", "test-admin", "made-by-token"],
      ["token.use", "test-admin", "POST /api/x"],
    ]);
    expect(audit[1]?.detail).toEqual({ tokenId: admin.body.id, status: 201 });
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: viewer.body.id } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("act with the lower of their role and their owner's current one; a disabled owner's are refused", async () => {
    const { hashPassword } = await import("@/lib/auth/password");
    await db.user.create({
      data: { username: "leaver", role: "admin", passwordHash: await hashPassword("x-password-1") },
    });
    const { bearerFor } = await import("@/lib/auth/__fixtures__/test-sessions");
    const header = { authorization: await bearerFor(db, "admin", "leaver") };
    const newUser = { username: "second-try", password: "long-enough-password", role: "viewer" };
    await db.user.update({ where: { username: "leaver" }, data: { role: "viewer" } });
    expect((await call(users.POST, "POST", header, newUser)).status).toBe(403);
    await db.user.update({ where: { username: "leaver" }, data: { disabled: true } });
    expect((await call(clusters.GET, "GET", header)).status).toBe(401);
  });

  it("for service accounts: admins only; the account cannot sign in; a person's name is refused", async () => {
    expect(
      (await create(cookies.operator, { name: "x", role: "viewer", serviceAccount: "ci-bot" })).status,
    ).toBe(403);
    expect(
      (await create(cookies.admin, { name: "x", role: "viewer", serviceAccount: "test-viewer" })).status,
    ).toBe(409);
    const made = await create(cookies.admin, { name: "deploy", role: "operator", serviceAccount: "ci-bot" });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ owner: "ci-bot", role: "operator" });
    expect((await call(clusters.GET, "GET", bearer(made.body.text))).status).toBe(200);
    const signIn = await call(
      login,
      "POST",
      { "x-test-peer": "10.1.1.1" },
      { username: "ci-bot", password: "!" },
    );
    expect(signIn.status).toBe(401);
    // Not listed to others: the operator sees only their own tokens.
    const listed = (await (
      await call(tokens.GET, "GET", { cookie: cookies.operator ?? "" })
    ).json()) as Created[];
    expect(listed.every((t) => t.owner === "test-operator")).toBe(true);
  });

  it("are revoked only by their owner or an admin", async () => {
    const mine = await create(cookies.admin, { name: "admins-own", role: "viewer" });
    const other = await call(revoke, "DELETE", { cookie: cookies.operator ?? "" }, undefined, {
      id: mine.body.id,
    });
    expect(other.status).toBe(404);
    expect((await call(clusters.GET, "GET", bearer(mine.body.text))).status).toBe(200);
  });

  it("revoked while in use by 40 parallel requests: none fails oddly, none after the revocation passes, one audit row", async () => {
    const { body } = await create(cookies.operator, { name: "racing", role: "operator" });
    let revokedAt = Number.POSITIVE_INFINITY;
    const use = async (i: number) => {
      await new Promise((resolve) => setTimeout(resolve, i * 5));
      const startedAt = performance.now();
      const response = await call(clusters.GET, "GET", bearer(body.text));
      await response.body?.cancel();
      return { startedAt, status: response.status };
    };
    const revokeOnce = async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const response = await call(revoke, "DELETE", { cookie: cookies.operator ?? "" }, undefined, {
        id: body.id,
      });
      revokedAt = Math.min(revokedAt, performance.now());
      return response.status;
    };
    // Every use tries to record last use, racing the revocation's write.
    await db.apiToken.update({ where: { id: body.id }, data: { lastUsedAt: null } });
    const [uses, revokes] = await Promise.all([
      Promise.all(Array.from({ length: 40 }, (_, i) => use(i))),
      Promise.all([revokeOnce(), revokeOnce()]),
    ]);
    expect(revokes).toEqual([200, 200]);
    for (const { status } of uses) expect([200, 401]).toContain(status);
    const after = uses.filter((u) => u.startedAt > revokedAt);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((u) => u.status === 401)).toBe(true);
    expect(uses.some((u) => u.status === 200)).toBe(true);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.revokedAt).not.toBeNull();
    expect(
      await db.auditEntry.count({ where: { action: "token.revoke", detail: { equals: { id: body.id } } } }),
    ).toBe(1);
    expect((await call(clusters.GET, "GET", bearer(body.text))).status).toBe(401);
  }, 60_000);
});
