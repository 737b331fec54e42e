/**
 * Adopting an imported pair's certificates over fake nodes and a test database: a file, a folder of
 * PEMs, a file only the second node has; missing, unreadable, too large and garbage files are
 * field-level warnings, and the job still succeeds with what it could hold.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { saveTestCluster, useTestDatabase } from "@/lib/db/__testing__/test-database";
import { adoptedName, adoptionWarnings, pemFilesOf } from "@/lib/certificates/adopt";
import { fakeCertificateNode } from "./__testing__/fake-node";

const { db } = await useTestDatabase("certificate-adopt");
const { runAdoption } = await import("./adopt");
const { listCertificates } = await import("@/lib/store/certificates");

const fixture = (name: string) =>
  readFileSync(join(process.cwd(), "lib/certificates/__fixtures__", name), "utf8");
const BUNDLE = `${fixture("leaf.pem")}${fixture("ca.pem")}${fixture("leaf.key")}`;

function definitionNaming(paths: string[]) {
  const definition = clusterDefinitionSchema.parse(articlePair);
  const frontend = definition.haproxy.frontends[0];
  if (!frontend) throw new Error("no frontend");
  frontend.binds = paths.map((certificate, i) => ({
    address: "*",
    port: 8443 + i,
    tls: { certificate, alpn: [] },
  }));
  return definition;
}

function fakeNode(
  name: string,
  files: Record<string, string | Error>,
  folders: Record<string, string[]> = {},
) {
  return fakeCertificateNode(name, {
    listFolder: (path) => Promise.resolve(folders[path] ?? null),
    readFile: (path) => {
      const f = files[path];
      return f instanceof Error ? Promise.reject(f) : Promise.resolve(f ?? null);
    },
  });
}

let clusterId = "";
beforeAll(async () => {
  clusterId = await saveTestCluster(db);
});

describe("adopting an imported pair's certificates", () => {
  it("holds a file, each .pem of a folder, and one only the peer has; warns per field for the rest", async () => {
    const paths = [
      "/etc/haproxy/certs/site.pem",
      "/etc/haproxy/tls/",
      "/etc/haproxy/certs/peer-only.pem",
      "/etc/haproxy/certs/gone.pem",
      "/etc/haproxy/certs/junk.pem",
      "/etc/haproxy/certs/huge.pem",
    ];
    const first = fakeNode(
      "lb-01",
      {
        "/etc/haproxy/certs/site.pem": BUNDLE,
        "/etc/haproxy/tls/a.pem": BUNDLE,
        "/etc/haproxy/tls/b.pem": BUNDLE,
        "/etc/haproxy/certs/junk.pem": "not a certificate\n",
        "/etc/haproxy/certs/huge.pem": new Error("file is over 262144 bytes (too-large)"),
      },
      {
        "/etc/haproxy/tls/": [
          "/etc/haproxy/tls/a.pem",
          "/etc/haproxy/tls/b.pem",
          "/etc/haproxy/tls/notes.txt",
        ],
      },
    );
    const second = fakeNode("lb-02", { "/etc/haproxy/certs/peer-only.pem": BUNDLE });
    const steps = await runAdoption(db, clusterId, definitionNaming(paths), [first, second], "importer", () =>
      Promise.resolve(),
    );
    const held = await listCertificates(db, clusterId);
    expect(held?.map((c) => `${c.name} ${c.path} ${c.source}`)).toEqual([
      "a /etc/haproxy/tls/a.pem import",
      "b /etc/haproxy/tls/b.pem import",
      "peer-only /etc/haproxy/certs/peer-only.pem import",
      "site /etc/haproxy/certs/site.pem import",
    ]);
    // Held, not distributed: the nodes already have them.
    expect(await db.certificateJob.count({ where: { clusterId, kind: "distribute" } })).toBe(0);
    const warnings = steps.flatMap((s) => s.log.filter((l) => l.startsWith("warning: ")));
    expect(warnings).toEqual([
      expect.stringMatching(
        /^warning: haproxy\.frontends\.0\.binds\.3\.tls\.certificate: \/etc\/haproxy\/certs\/gone\.pem: no such file on lb-01, no such file on lb-02; not adopted$/,
      ),
      expect.stringMatching(
        /^warning: haproxy\.frontends\.0\.binds\.4\.tls\.certificate: \/etc\/haproxy\/certs\/junk\.pem from lb-01 is not a usable bundle \(pem: /,
      ),
      expect.stringMatching(
        /^warning: haproxy\.frontends\.0\.binds\.5\.tls\.certificate: \/etc\/haproxy\/certs\/huge\.pem: cannot be read on lb-01 \(file is over 262144 bytes \(too-large\)\), no such file on lb-02; not adopted$/,
      ),
    ]);
    expect(steps.every((s) => s.status === "done")).toBe(true);
    // The key is sealed, never in a step.
    expect(JSON.stringify(steps)).not.toContain("PRIVATE KEY");
  });

  it("leaves what hapair already holds alone (a second run adopts nothing)", async () => {
    const node = fakeNode("lb-01", { "/etc/haproxy/certs/site.pem": BUNDLE });
    const steps = await runAdoption(
      db,
      clusterId,
      definitionNaming(["/etc/haproxy/certs/site.pem"]),
      [node],
      "importer",
      () => Promise.resolve(),
    );
    expect(steps[0]?.log).toEqual(["/etc/haproxy/certs/site.pem: already held by hapair"]);
  });
});

describe("adoption, pure parts", () => {
  it("names certificates after their files, unique within the cluster", () => {
    expect(adoptedName("/etc/haproxy/certs/site.pem")).toBe("site");
    expect(adoptedName("/etc/haproxy/certs/site.pem", new Set(["site", "site-2"]))).toBe("site-3");
    expect(adoptedName("/etc/ssl/_wild card.crt")).toBe("wild-card");
    expect(adoptedName("/etc/ssl/....pem")).toBe("certificate");
  });

  it("takes only the folder's own .pem files, sorted and capped", () => {
    const listing = ["/d/b.pem", "/d/a.PEM", "/d/x.key", "/d/sub/c.pem", "/other/e.pem", ""].join("\n");
    expect(pemFilesOf("/d/", listing)).toEqual(["/d/a.PEM", "/d/b.pem"]);
    const many = Array.from({ length: 40 }, (_, i) => `/d/${String(i).padStart(2, "0")}.pem`).join("\n");
    expect(pemFilesOf("/d", many)).toHaveLength(32);
  });

  it("the import says which fields' files will be adopted", () => {
    expect(adoptionWarnings(definitionNaming(["/a.pem", "/a.pem", "/b/"])).map((w) => w.path)).toEqual([
      "haproxy.frontends.0.binds.0.tls.certificate",
      "haproxy.frontends.0.binds.2.tls.certificate",
    ]);
  });
});
