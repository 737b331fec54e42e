/** The definitions HTTP API through its real route handlers, on a throw-away migrated database. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { hostileCases } from "@/lib/cluster/__fixtures__/hostile-cases";
import { ARTICLE_ADDRESSES, pairInput } from "@/lib/cluster/import/__fixtures__/pair-input";
import { useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db } = await useTestDatabase("api");

type Routes = {
  clusters: typeof import("./route");
  definition: typeof import("./[id]/definition/route");
  revisions: typeof import("./[id]/revisions/route");
  diff: typeof import("./[id]/revisions/diff/route");
  importer: typeof import("../import/route");
  db: typeof import("@/lib/db/client").db;
};
let routes: Routes;

beforeAll(async () => {
  routes = {
    clusters: await import("./route"),
    definition: await import("./[id]/definition/route"),
    revisions: await import("./[id]/revisions/route"),
    diff: await import("./[id]/revisions/diff/route"),
    importer: await import("../import/route"),
    db,
  };
  admin = await (await import("@/lib/auth/__fixtures__/test-sessions")).cookieFor(routes.db, "admin");
}, 60_000);

let admin = "";
const json = (body: unknown, method = "POST") =>
  new Request("http://hapair.test/api/clusters", {
    method,
    body: JSON.stringify(body),
    headers: { "content-type": "application/json", cookie: admin },
  });
const get = (url: string) => new Request(url, { headers: { cookie: admin } });
const params = (id: string) => ({ params: Promise.resolve({ id }) });
const noParams = { params: Promise.resolve({}) };

describe("cluster definitions API", () => {
  it("rejects every hostile definition with its field path and stores nothing", async () => {
    for (const c of hostileCases) {
      const response = await routes.clusters.POST(json({ definition: c.input }), noParams);
      expect(response.status, c.label).toBe(422);
      const body = (await response.json()) as { issues: { path: string }[] };
      expect(
        body.issues.map((i) => i.path),
        c.label,
      ).toContain(c.path);
    }
    expect(await routes.db.cluster.count()).toBe(0);
    expect(await routes.db.clusterRevision.count()).toBe(0);
  });

  it("refuses bodies that are not JSON or too large", async () => {
    expect(
      (
        await routes.clusters.POST(
          new Request("http://hapair.test/api/clusters", {
            method: "POST",
            body: "{",
            headers: { cookie: admin },
          }),
          noParams,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await routes.clusters.POST(
          json({ definition: articlePair, pad: "x".repeat(3 * 1024 * 1024) }),
          noParams,
        )
      ).status,
    ).toBe(413);
  });

  it("creates, refuses a duplicate, saves an edit as revision 2, detects a stale edit and diffs", async () => {
    const created = await routes.clusters.POST(json({ definition: articlePair, message: "first" }), noParams);
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    expect((await routes.clusters.POST(json({ definition: articlePair }), noParams)).status).toBe(409);

    const edited = structuredClone(articlePair);
    edited.haproxy?.backends?.[0]?.servers.push({ name: "app-04", address: "10.0.1.14", port: 8080 });
    const saved = await routes.definition.PUT(
      json({ definition: edited, baseRevision: 1 }, "PUT"),
      params(id),
    );
    expect(((await saved.json()) as { revision: number }).revision).toBe(2);
    const stale = await routes.definition.PUT(
      json({ definition: articlePair, baseRevision: 1 }, "PUT"),
      params(id),
    );
    expect(stale.status).toBe(409);

    const list = (await (await routes.revisions.GET(get("http://hapair.test"), params(id))).json()) as {
      number: number;
    }[];
    expect(list.map((r) => r.number)).toEqual([2, 1]);
    const diff = (await (
      await routes.diff.GET(get("http://hapair.test/x?from=1&to=2"), params(id))
    ).json()) as { diff: string; tooLarge: boolean };
    expect(diff.diff).toMatch(/^\+\s+- name: app-04$/m);
    expect(diff.tooLarge).toBe(false);
  });
});

const article = (file: string) =>
  readFileSync(
    join(import.meta.dirname, "..", "..", "..", "lib", "cluster", "__fixtures__", "article", file),
    "utf8",
  );
const importBody = (overrides: Record<string, unknown> = {}) => ({
  ...pairInput(
    "adopted",
    article("haproxy.cfg"),
    [article("lb-01-gateway.keepalived.conf"), article("lb-02-gateway.keepalived.conf")],
    ARTICLE_ADDRESSES,
  ),
  ...overrides,
});
type ImportAnswer = {
  definition: { name: string };
  warnings: { path: string }[];
  issues: { path: string; message: string }[];
};

describe("import API (the browser's import page)", () => {
  it("answers bad input with field paths and stores nothing", async () => {
    const before = await routes.db.cluster.count();
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "bad name!" }, "name"],
      [{ haproxyCfg: "" }, "haproxyCfg"],
      [
        {
          keepalived: [
            { node: "lb-01", text: "" },
            { node: "lb-02", text: "x" },
          ],
        },
        "keepalived.0.text",
      ],
      [
        {
          keepalived: [
            { node: "lb-01", text: "x" },
            { node: "lb-01", text: "x" },
          ],
        },
        "keepalived.1.node",
      ],
      [{ addresses: { "lb-01": "10.0.0.999" } }, "addresses.lb-01"],
    ];
    for (const [overrides, path] of cases) {
      const response = await routes.importer.POST(json(importBody(overrides)), noParams);
      expect(response.status, path).toBe(422);
      expect(
        ((await response.json()) as ImportAnswer).issues.map((i) => i.path),
        path,
      ).toContain(path);
    }
    expect(await routes.db.cluster.count()).toBe(before);
  });

  it("imports the article's files into a draft: the placeholder password, a VRID in use and missing addresses are reported, nothing stored", async () => {
    const before = await routes.db.cluster.count();
    const response = await routes.importer.POST(json(importBody({ addresses: undefined })), noParams);
    expect(response.status).toBe(200);
    const body = (await response.json()) as ImportAnswer;
    expect(body.definition.name).toBe("adopted");
    expect(body.warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining(["nodes.0.address", "nodes.1.address"]),
    );
    expect(body.issues.map((i) => i.path)).toContain("vrrp.authPass");
    // With a usable password the cross-field rules run: "article" (VRID 51 on 10.0.0.0/24), stored above, has the VRID.
    const withPassword = importBody({
      keepalived: (["lb-01", "lb-02"] as const).map((node) => ({
        node,
        text: article(`${node}.keepalived.conf`).replace("<change-me>", "chgme123"),
      })),
    });
    const fixed = (await (await routes.importer.POST(json(withPassword), noParams)).json()) as ImportAnswer;
    expect(fixed.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
      'vrrp.virtualRouterId: VRID 51 is already used by cluster "article" on the same segment',
    ]);
    expect(await routes.db.cluster.count()).toBe(before);
  });
});
