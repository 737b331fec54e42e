import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderCluster } from "../render";
import { validateDefinition } from "../validate";
import { importPair } from "./import-pair";
import { ARTICLE_ADDRESSES, pairInput } from "./__fixtures__/pair-input";
import { splitHaproxySections } from "./haproxy-tokens";
import { parseKeepalivedConf, serializeStatements } from "./keepalived-tokens";

const ARTICLE = join(import.meta.dirname, "..", "__fixtures__", "article");
const read = (file: string) => readFileSync(join(ARTICLE, file), "utf8");
// The article's `<change-me>` is 11 characters: keepalived truncates it, and `keepalived -t` fails.
const withPassword = (text: string) => text.replace("<change-me>", "chgme123");

function articleImport(variant: "" | "-gateway" = "", haproxyCfg = read("haproxy.cfg")) {
  return importPair(
    pairInput(
      "article",
      haproxyCfg,
      [
        withPassword(read(`lb-01${variant}.keepalived.conf`)),
        withPassword(read(`lb-02${variant}.keepalived.conf`)),
      ],
      ARTICLE_ADDRESSES,
    ),
  );
}

/** Sections and their directives, whitespace and comments aside; hapair's server-state lines set aside. */
function haproxyShape(text: string): string[][] {
  const hapairs = /^(server-state-file \S+|load-server-state-from-file global)$/;
  return splitHaproxySections(text).sections.map((s) => [
    `${s.keyword} ${s.name}`.trim(),
    ...s.directives.map((d) => d.text.replace(/\s+/g, " ")).filter((l) => !hapairs.test(l)),
  ]);
}

/** keepalived statements as lines; hapair's additions (reload check, state hook) set aside. */
function keepalivedShape(text: string): string[] {
  return serializeStatements(parseKeepalivedConf(text))
    .map((l) => l.trim().replace(/\s+/g, " "))
    .filter((l) => !/^(reload_check_config|notify) |^[#!]/.test(l));
}

describe.each([[""], ["-gateway"]] as const)("importing the article's pair%s", (variant) => {
  const imported = articleImport(variant);
  const result = validateDefinition(imported.definition);

  it("imports without losing anything and validates", () => {
    expect(imported.warnings).toEqual([]);
    expect(result.ok ? [] : result.issues).toEqual([]);
  });

  it("renders back the same sections and directives", () => {
    if (!result.ok) throw new Error("invalid");
    const rendered = renderCluster(result.definition);
    expect(haproxyShape(rendered.haproxyCfg)).toEqual(haproxyShape(read("haproxy.cfg")));
    for (const node of ["lb-01", "lb-02"]) {
      expect(keepalivedShape(rendered.keepalived[node] ?? "")).toEqual(
        keepalivedShape(withPassword(read(`${node}${variant}.keepalived.conf`))),
      );
    }
  });
});

describe("import edge cases", () => {
  it("takes an existing server-state file's path and renders it back once", () => {
    const cfg = read("haproxy.cfg")
      .replace("    daemon\n", "    daemon\n    server-state-file /var/lib/haproxy/state-x\n")
      .replace("defaults\n", "defaults\n    load-server-state-from-file global\n");
    const imported = articleImport("", cfg);
    const result = validateDefinition(imported.definition);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.definition.paths.serverStateFile).toBe("/var/lib/haproxy/state-x");
    expect(imported.warnings).toEqual([]);
    const rendered = renderCluster(result.definition).haproxyCfg;
    expect(rendered.match(/server-state-file \/var\/lib\/haproxy\/state-x/g)).toHaveLength(1);
    expect(rendered.match(/load-server-state-from-file global/g)).toHaveLength(1);
  });

  it("refuses the article's placeholder password with the reason", () => {
    const imported = importPair(
      pairInput(
        "a",
        read("haproxy.cfg"),
        [read("lb-01.keepalived.conf"), read("lb-02.keepalived.conf")],
        ARTICLE_ADDRESSES,
      ),
    );
    const result = validateDefinition(imported.definition);
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toContain("vrrp.authPass");
  });

  it("reports drift between the two keepalived files and unmapped directives", () => {
    const drifted = withPassword(read("lb-02.keepalived.conf")).replace(
      "virtual_router_id 51",
      "virtual_router_id 52",
    );
    const imported = importPair(
      pairInput("a", read("haproxy.cfg"), [withPassword(read("lb-01.keepalived.conf")), drifted]),
    );
    expect(imported.warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining(["vrrp.virtualRouterId", "nodes.0.address", "nodes.1.address"]),
    );
  });

  it("keeps directives it has no field for as raw lines and sections, in order", () => {
    const cfg = `${read("haproxy.cfg")}\nlisten stats\n    bind 127.0.0.1:8404\n    stats enable\n\nfrontend fe_more\n    bind *:8080\n    acl a path_beg /a\n    use_backend be_app if a\n`;
    const imported = articleImport("", cfg);
    const result = validateDefinition(imported.definition);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    expect(result.definition.haproxy.sections).toEqual([
      { kind: "listen", name: "stats", lines: ["bind 127.0.0.1:8404", "stats enable"] },
    ]);
    expect(result.definition.haproxy.frontends[1]?.extra).toEqual([
      "acl a path_beg /a",
      "use_backend be_app if a",
    ]);
    // Section order is free in HAProxy (hapair writes frontends, backends, then other sections).
    const sorted = (shape: string[][]) => [...shape].sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
    expect(sorted(haproxyShape(renderCluster(result.definition).haproxyCfg))).toEqual(
      sorted(haproxyShape(cfg)),
    );
  });

  it("parses keepalived braces on the next line and nested blocks", () => {
    const tree = parseKeepalivedConf(
      "vrrp_instance VI_1\n{\n  virtual_ipaddress {\n    10.0.0.100/24 dev eth0 # vip\n  }\n  ! comment\n}\n",
    );
    expect(serializeStatements(tree)).toEqual([
      "vrrp_instance VI_1 {",
      "    virtual_ipaddress {",
      // A trailing comment is kept above its line; the one before a closing brace is the file's last.
      "        # vip",
      "        10.0.0.100/24 dev eth0",
      "    }",
      "}",
    ]);
  });
});
