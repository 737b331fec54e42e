/** The `hapair` CLI as users run it: the real bin script, real files, a throw-away database. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { articlePair, FIXTURE_KEY_DIR } from "@/lib/cluster/__fixtures__/definitions";
import { hostileCases } from "@/lib/cluster/__fixtures__/hostile-cases";

const ROOT = join(import.meta.dirname, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "hapair-cli-"));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, "cli.db")}` };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function hapair(...args: string[]) {
  return hapairWithInput("", ...args);
}

function hapairWithInput(input: string, ...args: string[]) {
  const run = spawnSync(process.execPath, [join(ROOT, "bin", "hapair.mjs"), ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 60_000,
    input,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function writeYaml(name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : stringify(value));
  return file;
}

describe("hapair CLI", () => {
  it("validate rejects every hostile definition with its field path, one line per problem", () => {
    const files = hostileCases.map((c, i) => writeYaml(`hostile-${i}.yaml`, c.input));
    const run = hapair("validate", ...files);
    expect(run.code).toBe(1);
    hostileCases.forEach((c, i) => expect(run.stderr, c.label).toContain(`${files[i]}: ${c.path}: `));
  }, 180_000);

  it("validate accepts a valid file with exit 0", { timeout: 120_000 }, () => {
    expect(hapair("validate", writeYaml("article.yaml", articlePair)).code).toBe(0);
  });

  it(
    "validate and apply refuse unusable SSH keys with a field error: missing, outside the key folder, encrypted",
    { timeout: 120_000 },
    () => {
      const withSsh = (ssh: Record<string, unknown>) => ({
        ...articlePair,
        nodes: articlePair.nodes.map((n, i) => (i === 0 ? { ...n, ssh: { host: n.ssh.host, ...ssh } } : n)),
      });
      const cases = [
        [
          withSsh({ identityFile: `${FIXTURE_KEY_DIR}/missing` }),
          "nodes.0.ssh.identityFile: ",
          "does not exist",
        ],
        [withSsh({ identityFile: "/etc/passwd" }), "nodes.0.ssh.identityFile: ", "outside the key folder"],
        [
          withSsh({ identityFile: `${FIXTURE_KEY_DIR}/encrypted` }),
          "nodes.0.ssh.identityFile: ",
          "encrypted keys are not supported",
        ],
        [
          withSsh({ privateKey: readFileSync(`${FIXTURE_KEY_DIR}/encrypted`, "utf8") }),
          "nodes.0.ssh.privateKey: ",
          "encrypted keys are not supported",
        ],
      ] as const;
      for (const [i, [definition, path, message]] of cases.entries()) {
        const file = writeYaml(`key-${i}.yaml`, definition);
        for (const command of ["validate", "apply"]) {
          const run = hapair(command, file);
          expect(run.code, `${command} ${message}`).toBe(1);
          expect(run.stderr).toContain(path);
          expect(run.stderr).toContain(message);
        }
      }
    },
  );

  it("apply refuses a hostile file and stores nothing; apply, re-apply and export round-trip", () => {
    const hostile = hostileCases.find((c) => c.path === "vrrp.trackScripts.0.weight");
    const refused = hapair("apply", writeYaml("bad.yaml", hostile?.input));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("vrrp.trackScripts.0.weight: ");
    expect(hapair("export", "article").code).toBe(1);

    const file = writeYaml("good.yaml", articlePair);
    expect(hapair("apply", file).stdout).toContain("saved as revision 1");
    expect(hapair("apply", file).stdout).toContain("unchanged (revision 1)");
    const exported = hapair("export", "article");
    expect(exported.code).toBe(0);
    const again = writeYaml("exported.yaml", exported.stdout);
    expect(hapair("apply", again).stdout).toContain("unchanged (revision 1)");
  }, 180_000);

  it("render writes haproxy.cfg and one keepalived.conf per node", { timeout: 120_000 }, () => {
    const out = join(dir, "out");
    expect(hapair("render", writeYaml("r.yaml", articlePair), "--out", out).code).toBe(0);
    expect(readFileSync(join(out, "haproxy.cfg"), "utf8")).toContain("backend be_app");
    expect(
      existsSync(join(out, "lb-01", "keepalived.conf")) && existsSync(join(out, "lb-02", "keepalived.conf")),
    ).toBe(true);
  });

  it("import turns the article's files into a valid definition", { timeout: 120_000 }, () => {
    const article = join(ROOT, "lib", "cluster", "__fixtures__", "article");
    const k = (node: string) =>
      writeYaml(
        `${node}.conf`,
        readFileSync(join(article, `${node}-gateway.keepalived.conf`), "utf8").replace(
          "<change-me>",
          "chgme123",
        ),
      );
    const run = hapair(
      "import",
      "--haproxy",
      join(article, "haproxy.cfg"),
      "--keepalived",
      `lb-01=${k("lb-01")}`,
      "--keepalived",
      `lb-02=${k("lb-02")}`,
      "--address",
      "lb-01=10.0.0.11",
      "--address",
      "lb-02=10.0.0.12",
      "--name",
      "adopted",
    );
    expect(run.stderr.split("\n").filter((line) => line && !line.startsWith("warning: "))).toEqual([]);
    expect(run.code).toBe(0);
    expect(hapair("validate", writeYaml("adopted.yaml", run.stdout)).code).toBe(0);
  });

  it("exports secrets only as the marker, refuses to render that, and keeps them across a key rotation", () => {
    const exported = hapair("export", "article");
    expect(exported.stdout).toContain("authPass: <kept>");
    expect(exported.stdout).not.toContain(String(articlePair.vrrp.authPass));
    const rendered = hapair(
      "render",
      writeYaml("kept.yaml", exported.stdout),
      "--out",
      join(dir, "kept-out"),
    );
    expect(rendered.code).toBe(1);
    expect(rendered.stderr).toContain("vrrp.authPass: holds <kept>");

    const keyBefore = readFileSync(join(dir, "secret.key"), "utf8");
    const rotated = hapair("secrets", "rotate");
    expect(rotated.code).toBe(0);
    expect(readFileSync(join(dir, "secret.key"), "utf8")).not.toBe(keyBefore);
    // The plain file again: equal to what is stored only if the re-sealed value opens with the new key.
    expect(hapair("apply", writeYaml("plain.yaml", articlePair)).stdout).toContain("unchanged (revision 1)");
  }, 180_000);

  it("creates users with a password from stdin, refuses weak ones, lists them", () => {
    expect(
      hapairWithInput(
        "correct-horse-battery\n",
        "user",
        "add",
        "root-admin",
        "--role",
        "admin",
        "--password-stdin",
      ).stdout,
    ).toContain("created root-admin (admin)");
    const weak = hapairWithInput("short\n", "user", "add", "weak", "--password-stdin");
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain("password: at least 10 characters");
    expect(hapair("user", "add", "generated").stdout).toMatch(
      /created generated \(viewer\); password: \S{20,}/,
    );
    expect(hapair("user", "list").stdout).toBe("generated\tviewer\tactive\nroot-admin\tadmin\tactive\n");
  }, 180_000);

  it("cert add, list --json and remove: the key never printed, a bad bundle refused with its field", () => {
    hapair("apply", writeYaml("cert-article.yaml", articlePair)); // unchanged if an earlier test applied it
    const fixtures = join(ROOT, "lib", "certificates", "__fixtures__");
    const bundle = join(dir, "site.pem");
    writeFileSync(
      bundle,
      readFileSync(join(fixtures, "leaf.pem"), "utf8") + readFileSync(join(fixtures, "leaf.key"), "utf8"),
    );
    const mismatched = join(dir, "bad.pem");
    writeFileSync(
      mismatched,
      readFileSync(join(fixtures, "leaf.pem"), "utf8") + readFileSync(join(fixtures, "other.key"), "utf8"),
    );
    const cluster = articlePair.name;
    const bad = hapair("cert", "add", cluster, "--name", "site", "--pem", mismatched);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe("pem: the private key does not match the certificate\n");
    const added = hapair("cert", "add", cluster, "--name", "site", "--pem", bundle);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/^site: stored \(99:EE:BB/);
    const listed = hapair("cert", "list", cluster, "--json");
    expect(listed.stdout).not.toContain("PRIVATE KEY");
    expect(JSON.parse(listed.stdout)).toMatchObject([{ name: "site", usedBy: ["fe_https"] }]);
    const used = hapair("cert", "remove", cluster, "site");
    expect(used.code).toBe(1);
    expect(used.stderr).toContain("name: frontend fe_https uses /etc/haproxy/certs/site.pem");
    expect(hapair("cert", "list", "nosuch").code).toBe(1);
  }, 180_000);

  it("prints usage for an unknown command", { timeout: 120_000 }, () => {
    const run = hapair("frobnicate");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("usage:");
  });
});
