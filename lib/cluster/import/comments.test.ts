/**
 * Issue 20 class 13: an operator's comments are documentation. Imported, they are rendered above the
 * directive or section they were above, and a re-import of the render keeps them where they are.
 */
import { describe, expect, it } from "vitest";
import { renderCluster } from "../render";
import { validateDefinition } from "../validate";
import { definitionToYaml, parseYamlDocument } from "../yaml";
import { importPair } from "./import-pair";
import { COMMENTED_HAPROXY, COMMENTED_KEEPALIVED } from "./__fixtures__/commented";
import { pairInput } from "./__fixtures__/pair-input";

function importRender(haproxyCfg: string, keepalived: [string, string]) {
  const imported = importPair(pairInput("commented", haproxyCfg, keepalived));
  const valid = validateDefinition(imported.definition);
  if (imported.refusals.length > 0 || !valid.ok)
    throw new Error(JSON.stringify([...imported.refusals, ...(valid.ok ? [] : valid.issues)]));
  const rendered = renderCluster(valid.definition);
  const nodes: [string, string] = [rendered.keepalived["lb-01"] ?? "", rendered.keepalived["lb-02"] ?? ""];
  return { ...imported, rendered, nodes };
}

const commentsOf = (text: string) =>
  text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^[#!]/.test(line) && !/^# Managed by hapair|^# Edits made on a node/.test(line));

describe("the operator's comments in haproxy.cfg", () => {
  const { rendered, warnings } = importRender(COMMENTED_HAPROXY, COMMENTED_KEEPALIVED);
  const cfg = rendered.haproxyCfg;

  it("renders each comment above the section or raw directive it was above", () => {
    for (const block of [
      "# Edge proxy for the shop, owned by team web\n# pager: web-oncall\n# keep it in the background\nglobal\n",
      "    # tuned after the 2025 sale\n    tune.bufsize 32768\n",
      "\n# our defaults\ndefaults\n",
      "\n# public entry point\n# the VIP, plain http\n# the only backend\nfrontend www\n",
      "    # block the scanners\n    http-request deny if { path_beg /wp-admin }\n",
      "\n# app servers: see the runbook\n# primary first\nbackend app\n",
      "\n# end of app\n# stats page, only where WITH_STATS is set\n.if defined(WITH_STATS)\nlisten stats\n",
      "\n# stats end here\n# who may see the stats\nuserlist ops\n",
      "    # local only\n    bind 127.0.0.1:8404\n",
    ])
      expect(cfg).toContain(block);
    expect(cfg.endsWith("\n# end of file\n")).toBe(true);
    // The one trailing comment (after default_backend) is kept as a full-line one.
    expect(commentsOf(cfg).sort()).toEqual([...commentsOf(COMMENTED_HAPROXY), "# the only backend"].sort());
  });

  it("says which comments above modelled directives moved above their section header", () => {
    expect(warnings.filter((w) => /comments$/.test(w.path)).map((w) => w.path)).toEqual([
      "haproxy.global.comments",
      "haproxy.frontends.0.comments",
      "haproxy.backends.0.comments",
    ]);
  });

  it("keeps them where they are when the render is imported again", () => {
    const again = importRender(cfg, COMMENTED_KEEPALIVED);
    expect(again.rendered.haproxyCfg).toBe(cfg);
    expect(again.warnings.filter((w) => /comments$/.test(w.path))).toEqual([]);
  });
});

describe("the operator's comments in keepalived.conf (# and ! as written)", () => {
  const { nodes } = importRender(COMMENTED_HAPROXY, COMMENTED_KEEPALIVED);

  it("renders each node's comments above the block they were above, raw lines' comments in place", () => {
    nodes.forEach((conf, i) => {
      const name = i === 0 ? "A" : "B";
      for (const block of [
        `! Configuration File for keepalived\n# node ${name}\n# one id per node\nglobal_defs {\n`,
        "\n# is haproxy alive?\nvrrp_script chk_haproxy {\n",
        "\n! the shop's VIP\n# A wins\n# peers talk unicast, the switch drops multicast\nvrrp_instance VI_1 {\n",
        "    # tell the switch quickly\n    garp_master_delay 1\n",
      ])
        expect(conf).toContain(block);
      expect(conf.endsWith("\n# end of keepalived.conf\n")).toBe(true);
      expect(commentsOf(conf).sort()).toEqual(
        [...commentsOf(COMMENTED_KEEPALIVED[i] ?? ""), "# A wins"].sort(),
      );
    });
  });

  it("keeps them where they are when the render is imported again", () => {
    const again = importRender(COMMENTED_HAPROXY, nodes);
    expect(again.nodes).toEqual(nodes);
  });
});

describe("comments in the definition", () => {
  const { definition } = importPair({
    name: "commented",
    haproxyCfg: COMMENTED_HAPROXY,
    keepalived: [
      { node: "lb-01", text: COMMENTED_KEEPALIVED[0] },
      { node: "lb-02", text: COMMENTED_KEEPALIVED[1] },
    ],
  });
  const valid = validateDefinition(definition);
  if (!valid.ok) throw new Error(JSON.stringify(valid.issues));
  const checked = valid.definition;

  it("survive a YAML round trip", () => {
    const yaml = parseYamlDocument(definitionToYaml(valid.definition));
    if (!yaml.ok) throw new Error(JSON.stringify(yaml.issues));
    const again = validateDefinition(yaml.value);
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(renderCluster(again.definition)).toEqual(renderCluster(valid.definition));
  });

  const issuesOf = (change: (d: typeof checked) => void) => {
    const copy = structuredClone(checked);
    change(copy);
    const result = validateDefinition(copy);
    return result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
  };

  it("refuse a newline, a line that is no comment, too long a line and too many, naming the field", () => {
    expect(issuesOf((d) => (d.haproxy.frontends[0]!.comments = ["# a\nbackend evil"]))).toEqual([
      expect.stringMatching(/^haproxy\.frontends\.0\.comments\.0: must not contain control characters/),
    ]);
    expect(issuesOf((d) => (d.haproxy.backends[0]!.comments = ["backend evil"]))).toEqual([
      "haproxy.backends.0.comments.0: a comment starting with #",
    ]);
    expect(issuesOf((d) => (d.haproxy.global.comments = ["! not in haproxy.cfg"]))).toEqual([
      "haproxy.global.comments.0: a comment starting with #",
    ]);
    expect(issuesOf((d) => (d.nodes[0]!.comments = { instance: [`#${"x".repeat(1000)}`] }))).toEqual([
      "nodes.0.comments.instance.0: at most 1000 characters",
    ]);
    expect(
      issuesOf((d) => (d.nodes[1]!.comments = { end: Array.from({ length: 201 }, () => "! x") })),
    ).toEqual(["nodes.1.comments.end: at most 200 comment lines"]);
  });
});
