/** The definitions HTTP API through its real route handlers, on a throw-away migrated database. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { hostileCases } from "@/lib/cluster/__fixtures__/hostile-cases";

const dir = mkdtempSync(join(tmpdir(), "hapair-api-"));
process.env.DATABASE_URL = `file:${join(dir, "api.db")}`;

type Routes = {
  clusters: typeof import("./route");
  definition: typeof import("./[id]/definition/route");
  revisions: typeof import("./[id]/revisions/route");
  diff: typeof import("./[id]/revisions/diff/route");
  db: typeof import("@/lib/db/client").db;
};
let routes: Routes;

beforeAll(async () => {
  await (await import("@/lib/db/migrate")).migrateDatabase();
  routes = {
    clusters: await import("./route"),
    definition: await import("./[id]/definition/route"),
    revisions: await import("./[id]/revisions/route"),
    diff: await import("./[id]/revisions/diff/route"),
    db: (await import("@/lib/db/client")).db,
  };
  admin = await (await import("@/lib/auth/__fixtures__/test-sessions")).cookieFor(routes.db, "admin");
}, 60_000);

afterAll(async () => {
  await routes?.db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

let admin = "";
const json = (body: unknown, method = "POST") =>
  new Request("http://hapair.test/api/clusters", { method, body: JSON.stringify(body), headers: { "content-type": "application/json", cookie: admin } });
const get = (url: string) => new Request(url, { headers: { cookie: admin } });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const noParams = { params: Promise.resolve({}) };

describe("cluster definitions API", () => {
  it("rejects every hostile definition with its field path and stores nothing", async () => {
    for (const c of hostileCases) {
      const response = await routes.clusters.POST(json({ definition: c.input }), noParams);
      expect(response.status, c.label).toBe(422);
      const body = (await response.json()) as { issues: { path: string }[] };
      expect(body.issues.map((i) => i.path), c.label).toContain(c.path);
    }
    expect(await routes.db.cluster.count()).toBe(0);
    expect(await routes.db.clusterRevision.count()).toBe(0);
  });

  it("refuses bodies that are not JSON or too large", async () => {
    expect((await routes.clusters.POST(new Request("http://hapair.test/api/clusters", { method: "POST", body: "{", headers: { cookie: admin } }), noParams)).status).toBe(400);
    expect((await routes.clusters.POST(json({ definition: articlePair, pad: "x".repeat(3 * 1024 * 1024) }), noParams)).status).toBe(413);
  });

  it("creates, refuses a duplicate, saves an edit as revision 2, detects a stale edit and diffs", async () => {
    const created = await routes.clusters.POST(json({ definition: articlePair, message: "first" }), noParams);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await routes.clusters.POST(json({ definition: articlePair }), noParams)).status).toBe(409);

    const edited = structuredClone(articlePair);
    edited.haproxy?.backends?.[0]?.servers.push({ name: "app-04", address: "10.0.1.14", port: 8080 });
    const saved = await routes.definition.PUT(json({ definition: edited, baseRevision: 1 }, "PUT"), params(id));
    expect(((await saved.json()) as { revision: number }).revision).toBe(2);
    const stale = await routes.definition.PUT(json({ definition: articlePair, baseRevision: 1 }, "PUT"), params(id));
    expect(stale.status).toBe(409);

    const list = (await (await routes.revisions.GET(get("http://hapair.test"), params(id))).json()) as { number: number }[];
    expect(list.map((r) => r.number)).toEqual([2, 1]);
    const diff = (await (await routes.diff.GET(get("http://hapair.test/x?from=1&to=2"), params(id))).json()) as { diff: string };
    expect(diff.diff).toMatch(/^\+\s+- name: app-04$/m);
  });
});
