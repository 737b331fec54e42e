/**
 * Secrets at rest: a cluster saved with an SSH private key and a VRRP auth_pass keeps neither in clear
 * in the database (SQLite's files, PostgreSQL's rows), and no API answer, export or audit entry
 * carries them. The marker keeps them across edits; only the agents' reader reveals them.
 */
import { clientKey } from "@/lib/ssh/__testing__/hostile-node";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { apiRequest, routeParams } from "@/app/api/__testing__/requests";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { KEPT_SECRET } from "@/lib/cluster/schema/primitives";
import { placesHolding } from "@/lib/db/__testing__/stored-text";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";

const { db, dir, file: dbFile } = await useTestDatabase("secrets");

const AUTH_PASS = "Zq7-xK9v";
// OpenSSH format: what ssh-keygen writes, and what ssh2 can use (a PKCS#8 key is refused at save).
const PRIVATE_KEY = clientKey();
const KEY_BODY = PRIVATE_KEY.split("\n")[1] ?? "";

let admin = "";
const noParams = routeParams({});
const params = (id: string) => routeParams({ id });
const request = (url: string, method = "GET", body?: unknown) => apiRequest(url, method, body, admin);

function withSecrets() {
  const definition = structuredClone(articlePair);
  definition.vrrp.authPass = AUTH_PASS;
  for (const node of definition.nodes) node.ssh = { host: node.ssh.host, privateKey: PRIVATE_KEY };
  return definition;
}

beforeAll(async () => {
  admin = await (await import("@/lib/auth/__fixtures__/test-sessions")).cookieFor(db, "admin");
}, 60_000);

describe("secrets at rest", () => {
  it("stores neither the private key nor the auth_pass in clear and never returns them", async () => {
    const clusters = await import("./route");
    const created = await clusters.POST(
      request("/api/clusters", "POST", { definition: withSecrets() }),
      noParams,
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    // The key file exists beside the database, readable by its owner only.
    expect(statSync(join(dir, "secret.key")).mode & 0o777).toBe(0o600);

    const answers = [
      await (
        await import("./[id]/definition/route")
      ).GET(request(`/api/clusters/${id}/definition`), params(id)),
      await (
        await import("./[id]/revisions/[number]/export/route")
      ).GET(request(`/api/clusters/${id}/revisions/1/export`), routeParams({ id, number: "1" })),
      await (await import("./[id]/live/route")).GET(request(`/api/clusters/${id}/live`), params(id)),
      await clusters.GET(request("/api/clusters"), noParams),
      await (await import("../audit/route")).GET(request("/api/audit?format=ndjson"), noParams),
    ];
    const texts = await Promise.all(answers.map((answer) => answer.text()));
    for (const text of texts) {
      expect(text).not.toContain(AUTH_PASS);
      expect(text).not.toContain(KEY_BODY);
    }
    const shown = JSON.parse(texts[0] ?? "{}") as {
      definition: { vrrp: { authPass: string }; nodes: { ssh: { privateKey: string } }[] };
    };
    expect(shown.definition.vrrp.authPass).toBe(KEPT_SECRET);
    expect(shown.definition.nodes.map((n) => n.ssh.privateKey)).toEqual([KEPT_SECRET, KEPT_SECRET]);

    // Saving what the browser got back keeps the secrets and adds no revision.
    const put = (await import("./[id]/definition/route")).PUT;
    const same = await put(
      request(`/api/clusters/${id}/definition`, "PUT", { definition: shown.definition }),
      params(id),
    );
    expect(((await same.json()) as { created: boolean }).created).toBe(false);
    const { latestDefinitions } = await import("@/lib/store/revisions");
    const revealed = (await latestDefinitions(db)).find((c) => c.clusterId === id)?.definition;
    expect(revealed?.vrrp.authPass).toBe(AUTH_PASS);
    expect(revealed?.nodes[1]?.ssh.privateKey).toBe(PRIVATE_KEY);

    expect(await placesHolding(db, dbFile, AUTH_PASS), "the auth_pass is stored in clear").toEqual([]);
    expect(await placesHolding(db, dbFile, KEY_BODY), "the private key is stored in clear").toEqual([]);
  }, 30_000); // several saves and reads through the route handlers: slow on a loaded machine

  it("keeps a certificate's private key sealed: not in the files, the API, the exports, the audit or the log", async () => {
    const fixture = (name: string) =>
      readFileSync(join(process.cwd(), "lib/certificates/__fixtures__", name), "utf8");
    const certKey = fixture("leaf.key");
    const certKeyBody = certKey.split("\n")[1] ?? "";
    const definition = structuredClone(articlePair);
    definition.name = "withcert";
    definition.vrrp.virtualRouterId = 53;
    const id = await saveTestCluster(db, definition);
    const logged: string[] = [];
    const spies = (["log", "info", "warn", "error"] as const).map((level) =>
      vi
        .spyOn(console, level)
        .mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" "))),
    );
    try {
      const certificates = await import("./[id]/certificates/route");
      const added = await certificates.POST(
        request(`/api/clusters/${id}/certificates`, "POST", {
          name: "site",
          pem: `${fixture("leaf.pem")}${certKey}`,
        }),
        params(id),
      );
      expect(added.status).toBe(201);
      const answers = [
        added,
        await certificates.GET(request(`/api/clusters/${id}/certificates`), params(id)),
        // The exports: the revision as YAML and the definition (a certificate is never part of them).
        await (
          await import("./[id]/revisions/[number]/export/route")
        ).GET(request(`/api/clusters/${id}/revisions/1/export`), routeParams({ id, number: "1" })),
        await (
          await import("./[id]/definition/route")
        ).GET(request(`/api/clusters/${id}/definition`), params(id)),
        await (await import("../audit/route")).GET(request("/api/audit?format=ndjson"), noParams),
        await (await import("../audit/route")).GET(request("/api/audit?format=csv"), noParams),
      ];
      expect(answers.map((answer) => answer.status)).toEqual([201, 200, 200, 200, 200, 200]);
      const texts = await Promise.all(answers.map((answer) => answer.text()));
      for (const text of [...texts, logged.join("\n")]) expect(text).not.toContain(certKeyBody);
      const row = await db.certificate.findFirstOrThrow({ where: { clusterId: id } });
      expect(row.keySealed.startsWith("v1:")).toBe(true);
      const { revealCertificatePem } = await import("@/lib/store/certificates");
      expect(revealCertificatePem(row)).toContain(certKeyBody);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(await placesHolding(db, dbFile, certKeyBody), "the certificate's key is stored in clear").toEqual(
      [],
    );
  }, 30_000);

  it("refuses the marker where no value was saved, with the field path", async () => {
    const definition = structuredClone(articlePair);
    definition.name = "nokept";
    definition.vrrp.virtualRouterId = 52;
    definition.vrrp.authPass = KEPT_SECRET;
    const response = await (
      await import("./route")
    ).POST(request("/api/clusters", "POST", { definition }), noParams);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual([
      "vrrp.authPass",
    ]);
    expect(await db.cluster.count({ where: { name: "nokept" } })).toBe(0);
  });
});
