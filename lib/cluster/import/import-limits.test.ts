/**
 * The import parser is bounded: a crafted file of the largest size the request allows is parsed in
 * linear time, and nesting past the cap is a field-level error, never a thrown stack overflow.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validateDefinition, zodIssues } from "../validate";
import { importPair } from "./import-pair";
import { importRequestSchema } from "./import-request";
import { parseKeepalivedConf } from "./keepalived-tokens";

const ARTICLE = join(import.meta.dirname, "..", "__fixtures__", "article");
const read = (file: string) => readFileSync(join(ARTICLE, file), "utf8").replace("<change-me>", "chgme123");
const NEAR_CAP = 1000 * 1024;
// Generous for a loaded machine (2 shared cores): the quadratic parser took about 35 s here.
const LINEAR_MS = 20_000;
const fill = (unit: string) => unit.repeat(Math.floor(NEAR_CAP / unit.length));

function importTimed(keepalived: string, haproxyCfg = read("haproxy.cfg")): { ms: number; issues: string[] } {
  const started = performance.now();
  const request = importRequestSchema.safeParse({
    name: "crafted",
    haproxyCfg,
    keepalived: [
      { node: "lb-01", text: keepalived },
      { node: "lb-02", text: read("lb-02.keepalived.conf") },
    ],
    addresses: { "lb-01": "10.0.0.11", "lb-02": "10.0.0.12" },
  });
  let issues: string[];
  if (!request.success) issues = zodIssues(request.error).map((i) => `${i.path}: ${i.message}`);
  else {
    const result = validateDefinition(importPair(request.data).definition);
    issues = result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);
  }
  return { ms: performance.now() - started, issues };
}

/** The fastest of five parses: the machine may be busy with other work. */
function parseMs(text: string): number {
  return Math.min(
    ...[0, 1, 2, 3, 4].map(() => {
      const started = performance.now();
      parseKeepalivedConf(text);
      return performance.now() - started;
    }),
  );
}

describe("import limits", { timeout: 120_000 }, () => {
  // Before: a brace after a blank line searched its whole block for its owner (quadratic: about
  // 35 s for 1 MiB). Eight times the text must take about eight times as long, not 64: the wide
  // margin (fail past 32) and sizes whose parse takes tens of milliseconds keep a loaded machine's
  // noise from reading as quadratic.
  it.each([
    ["statements each opening a block after a blank line", "a\n\n{}\n"],
    ["the same with the brace on its own line", "a\n\n{\n}\n"],
    ["many blocks on one line", " b {} "],
    ["unterminated quotes", '"'],
  ])("parses %s in linear time", (_label, unit) => {
    const sized = (bytes: number) => unit.repeat(Math.floor(bytes / unit.length));
    const large = parseMs(sized(768 * 1024)); // first, so the small one runs warm
    const ratio = large / Math.max(parseMs(sized(96 * 1024)), 1);
    expect(ratio, `${large.toFixed(0)} ms for 768 KiB`).toBeLessThan(32);
  });

  it("imports a crafted file near the 1 MiB cap", () => {
    expect(importTimed(fill("a\n\n{}\n")).ms).toBeLessThan(LINEAR_MS);
  });

  it("parses a crafted haproxy.cfg near the cap in linear time", () => {
    const cfg =
      `${read("haproxy.cfg")}\n${fill('backend b\n    server s 1.2.3.4:80 check\n    http-request set-header X "a b" if { path_beg /x }\n')}`.slice(
        0,
        NEAR_CAP,
      );
    expect(importTimed(read("lb-01.keepalived.conf"), cfg).ms).toBeLessThan(LINEAR_MS);
  });

  it("refuses blocks nested too deep with the file and line, without a stack overflow", () => {
    const { issues } = importTimed(fill("a {\n"));
    expect(issues).toEqual(["keepalived.0.text: line 17: blocks nested more than 16 deep"]);
  });

  it("still imports a file nested as deep as keepalived's own samples", () => {
    const nested = `${read("lb-01.keepalived.conf")}\nvirtual_server 10.0.0.100 80 {\n    real_server 10.0.1.11 80 {\n        HTTP_GET {\n            url {\n                path /\n            }\n        }\n    }\n}\n`;
    expect(importTimed(nested).issues).toEqual([]);
  });
});
