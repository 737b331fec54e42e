/**
 * Certificates over the API: a bundle is stored with its metadata and a distribution job, the key is
 * never answered, bad bundles are refused with the field and change nothing, a same-name save
 * replaces, a path another certificate has is a conflict, and a certificate a frontend names cannot
 * be removed.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, routeParams } from "@/app/api/__testing__/requests";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("certificates-api");
const fixture = (name: string) =>
  readFileSync(join(process.cwd(), "lib/certificates/__fixtures__", name), "utf8");
const LEAF = fixture("leaf.pem");
const KEY = fixture("leaf.key");
const KEY_BODY = KEY.split("\n")[1] ?? "";

let admin = "";
let operator = "";
let clusterId = "";
const request = (url: string, method = "GET", body?: unknown, cookie = admin) =>
  apiRequest(url, method, body, cookie);
const params = () => routeParams({ id: clusterId });
const named = (name: string) => routeParams({ id: clusterId, name });
const route = () => import("./route");

async function add(body: unknown, cookie = admin) {
  const response = await (
    await route()
  ).POST(request(`/api/clusters/${clusterId}/certificates`, "POST", body, cookie), params());
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const sessions = await import("@/lib/auth/__fixtures__/test-sessions");
  admin = await sessions.cookieFor(db, "admin");
  operator = await sessions.cookieFor(db, "operator");
  clusterId = await saveTestCluster(db);
}, 60_000);

describe("certificates API", () => {
  it("stores a bundle, queues its distribution, and never answers the key", async () => {
    const added = await add({ name: "site", pem: `${LEAF}${KEY}` });
    expect(added.status).toBe(201);
    expect(typeof added.body.jobId).toBe("number");
    const list = await (await route()).GET(request(`/api/clusters/${clusterId}/certificates`), params());
    const text = await list.text();
    expect(text).not.toContain(KEY_BODY);
    expect(text).not.toContain("PRIVATE KEY");
    const { certificates, jobs } = JSON.parse(text) as {
      certificates: { name: string; path: string; usedBy: string[]; sans: string[]; fingerprint: string }[];
      jobs: { status: string }[];
    };
    expect(certificates).toMatchObject([
      {
        name: "site",
        path: "/etc/haproxy/certs/site.pem",
        usedBy: ["fe_https"],
        sans: ["site.lab.test", "www.lab.test", "10.0.0.1"],
      },
    ]);
    expect(jobs.map((j) => j.status)).toEqual(["pending"]);
  });

  it("refuses a mismatched key with the field, storing nothing", async () => {
    const before = await db.certificate.count();
    const refused = await add({ name: "bad", pem: `${LEAF}${fixture("other.key")}` });
    expect(refused.status).toBe(422);
    expect(refused.body.issues).toEqual([
      { path: "pem", message: "the private key does not match the certificate" },
    ]);
    expect(await db.certificate.count()).toBe(before);
    expect((await add({ name: "bad name", pem: `${LEAF}${KEY}` })).body.issues).toMatchObject([
      { path: "name" },
    ]);
  });

  it("replaces under the same name, refuses a path taken, and a viewer's or operator's upload", async () => {
    expect((await add({ name: "site", pem: `${KEY}${LEAF}` })).status).toBe(201);
    expect(await db.certificate.count({ where: { clusterId } })).toBe(1);
    const clash = await add({ name: "other", pem: `${LEAF}${KEY}`, path: "/etc/haproxy/certs/site.pem" });
    expect(clash.status).toBe(409);
    expect(clash.body.issues).toMatchObject([{ path: "path" }]);
    expect((await add({ name: "op", pem: `${LEAF}${KEY}` }, operator)).status).toBe(403);
  });

  it("refuses to remove a certificate a frontend names; removes an unused one", async () => {
    const remove = (await import("./[name]/route")).DELETE;
    const used = await remove(
      request(`/api/clusters/${clusterId}/certificates/site`, "DELETE"),
      named("site"),
    );
    expect(used.status).toBe(409);
    expect(((await used.json()) as { issues: { message: string }[] }).issues[0]?.message).toMatch(
      /fe_https uses/,
    );
    expect((await add({ name: "spare", pem: `${LEAF}${KEY}`, distribute: false })).body.jobId).toBeNull();
    const gone = await remove(
      request(`/api/clusters/${clusterId}/certificates/spare`, "DELETE"),
      named("spare"),
    );
    expect(gone.status).toBe(200);
    const missing = await remove(
      request(`/api/clusters/${clusterId}/certificates/spare`, "DELETE"),
      named("spare"),
    );
    expect(missing.status).toBe(404);
  });

  it("a key rotation re-seals the certificates' keys: they open with the new key alone", async () => {
    const { randomBytes } = await import("node:crypto");
    const { secretKeyFrom } = await import("@/lib/secrets/envelope");
    const { loadKeyring } = await import("@/lib/secrets/keyring");
    const { certificateResealUpdates, revealCertificatePem } = await import("@/lib/store/certificates");
    const old = loadKeyring();
    const next = secretKeyFrom(randomBytes(32));
    await db.$transaction(await certificateResealUpdates(db, { current: next, all: [next, ...old.all] }));
    const row = await db.certificate.findFirstOrThrow({ where: { clusterId, name: "site" } });
    expect(revealCertificatePem(row, { current: next, all: [next] })).toContain(KEY_BODY);
    expect(() => revealCertificatePem(row, old)).toThrow(/not loaded/);
  });
});
