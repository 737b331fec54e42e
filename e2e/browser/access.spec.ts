/**
 * Access control as a browser and an attacker meet it, on the real server: every page and API route
 * found on disk refuses anonymous visitors; a viewer sees the dashboard but no control that changes
 * anything, and the API refuses their writes; cross-site writes are refused; security headers are set.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, request as newRequest, test, type APIRequestContext } from "@playwright/test";
import { testPair } from "@/e2e/lab/control";
import { listedClusters } from "./support";
import { E2E_USERS, STORAGE_STATE } from "./users";

const APP = join(process.cwd(), "app");
const PUBLIC_ROUTES = new Set(["GET /api/health", "POST /api/auth/login", "POST /api/auth/setup"]);
const OPEN_PAGES = new Set(["/login", "/setup"]);

function walk(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
const files = walk(APP);
const urlPath = (file: string, id: string) =>
  `/${relative(APP, file)}`
    .replace(/\/(page\.tsx|route\.ts)$/, "")
    .replace(/\/\([^/]+\)/g, "")
    .replace("[id]", id)
    .replace(/\[[^\]]+\]/g, "1") || "/";

async function labClusterId(request: APIRequestContext): Promise<string> {
  return (await listedClusters(request)).find((c) => c.name === testPair().name)?.id ?? "";
}

async function anonymous(baseURL: string | undefined) {
  return newRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
}

test("anonymous visitors are sent to sign-in from every page and refused by every API route", async ({
  request,
  baseURL,
}) => {
  const id = await labClusterId(request);
  expect(id).not.toBe("");
  const anon = await anonymous(baseURL);
  const pages = files
    .filter((f) => f.endsWith("/page.tsx"))
    .map((f) => urlPath(f, id))
    .filter((p) => !OPEN_PAGES.has(p));
  expect(pages.length).toBeGreaterThanOrEqual(6);
  for (const path of pages) {
    const response = await anon.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers().location, path).toMatch(/^\/login\?next=/);
  }
  const routes = files
    .filter((f) => f.endsWith("/route.ts"))
    .flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE) =/g)].map(
        (m) => `${m[1]} ${urlPath(f, id)}`,
      ),
    );
  expect(routes.length).toBeGreaterThanOrEqual(15);
  for (const route of routes.filter((r) => !PUBLIC_ROUTES.has(r))) {
    const [method = "GET", path = "/"] = route.split(" ");
    const response = await anon.fetch(path, { method, data: method === "GET" ? undefined : {} });
    expect(response.status(), route).toBe(401);
  }
  await anon.dispose();
});

test.describe("as a viewer", () => {
  test.use({ storageState: STORAGE_STATE.viewer });

  test("sees the dashboard and the cluster, but no way to change anything or start a rollout", async ({
    page,
    request,
  }) => {
    await page.goto("/");
    await expect(page.getByTestId("signed-in-as")).toHaveText(`${E2E_USERS.viewer.username} · viewer`);
    await expect(page.getByRole("link", { name: "New cluster" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Users" })).toHaveCount(0);
    const pair = testPair();
    await page.getByTestId("cluster-row").filter({ hasText: pair.name }).first().getByRole("link").click();
    await expect(page.getByText(pair.nodes[0]?.name ?? "lb-01").first()).toBeVisible();
    await expect(page.getByRole("link", { name: /edit/i })).toHaveCount(0);
    await expect(
      page.getByRole("button", { name: /roll ?out|rollback|drain|maint|ready|delete|save/i }),
    ).toHaveCount(0);

    const id = await labClusterId(request);
    expect((await request.put(`/api/clusters/${id}/definition`, { data: { definition: {} } })).status()).toBe(
      403,
    );
    expect((await request.delete(`/api/clusters/${id}`)).status()).toBe(403);
    expect((await request.get("/api/users")).status()).toBe(403);
    const edit = await request.get(`/clusters/${id}/edit`);
    expect(edit.status()).toBe(404);
  });
});

test("cross-site writes are refused even with an admin session; pages carry security headers", async ({
  page,
  request,
}) => {
  const id = await labClusterId(request);
  const crossSite = await request.delete(`/api/clusters/${id}`, {
    headers: { origin: "https://evil.example" },
  });
  expect(crossSite.status()).toBe(403);
  expect((await request.get(`/api/clusters/${id}/definition`)).status()).toBe(200);

  const response = await page.goto("/");
  const headers = response?.headers() ?? {};
  expect(headers["content-security-policy"]).toMatch(
    /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/,
  );
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("same-origin");
  // The page still works under that policy: its scripts ran (live data arrived).
  await expect(page.getByTestId("cluster-row").first()).toBeVisible();
});

test("signing out ends the session on the server", async ({ baseURL }) => {
  const context = await anonymous(baseURL);
  const login = await context.post("/api/auth/login", {
    data: { username: E2E_USERS.admin.username, password: E2E_USERS.admin.password },
  });
  expect(login.status()).toBe(200);
  const cookie = (await context.storageState()).cookies.find((c) => c.name === "hapair_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Strict");
  expect((await context.get("/api/auth/me")).status()).toBe(200);
  expect((await context.post("/api/auth/logout")).status()).toBe(200);
  const replay = await anonymous(baseURL);
  const reused = await replay.get("/api/auth/me", {
    headers: { cookie: `hapair_session=${cookie?.value ?? ""}` },
  });
  expect(reused.status()).toBe(401);
  await Promise.all([context.dispose(), replay.dispose()]);
});

test.describe("API tokens page, as a viewer", () => {
  test.use({ storageState: STORAGE_STATE.viewer });

  test("a viewer's own token reads but cannot write, opens no page, and is refused once revoked", async ({
    page,
    request,
    baseURL,
  }) => {
    await page.goto("/settings/tokens");
    await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
    // No role above the viewer's own, and no service accounts (admins only).
    await expect(page.getByLabel("Role").locator("option")).toHaveText(["viewer"]);
    await expect(page.getByLabel("Service account (optional)")).toHaveCount(0);
    const name = `e2e-viewer-${Date.now()}`;
    await page.getByLabel("Name").fill(name);
    await page.getByRole("button", { name: "Create token" }).click();
    const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
    expect(token.length).toBeGreaterThan(20);

    const id = await labClusterId(request);
    const bearer = await newRequest.newContext({
      baseURL,
      storageState: { cookies: [], origins: [] },
      extraHTTPHeaders: { authorization: `Bearer ${token}` },
    });
    expect((await bearer.get("/api/clusters")).status()).toBe(200);
    expect((await bearer.delete(`/api/clusters/${id}`)).status()).toBe(403);
    for (const path of ["/settings/tokens", "/api-docs", "/"]) {
      const response = await bearer.get(path, { maxRedirects: 0 });
      expect(response.status(), `${path} with only a token`).toBe(307);
      expect(response.headers().location, path).toMatch(/^\/login\?next=/);
    }

    const row = page.getByTestId("token-row").filter({ hasText: name });
    await expect(row).toContainText("active");
    page.once("dialog", (dialog) => void dialog.accept());
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("revoked");
    await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    expect((await bearer.get("/api/clusters")).status()).toBe(401);
    await bearer.dispose();
  });
});

test("the API reference page lists the routes from the OpenAPI document and loads nothing from elsewhere", async ({
  page,
  request,
  baseURL,
}) => {
  const requested: string[] = [];
  page.on("request", (r) => requested.push(r.url()));
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { name: "API", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { name: "GET /api/clusters", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "/api/openapi.json" })).toBeVisible();
  const document = (await (await request.get("/api/openapi.json")).json()) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
  };
  expect(document.openapi).toMatch(/^3\.1\./);
  const operations = Object.values(document.paths).reduce((n, methods) => n + Object.keys(methods).length, 0);
  await expect(page.locator("article")).toHaveCount(operations);
  const origin = new URL(baseURL ?? "http://127.0.0.1").origin;
  expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith("data:"))).toEqual([]);
});
