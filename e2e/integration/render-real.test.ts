/**
 * Every rendered file passes the real validators: `haproxy -c` and `keepalived -t` as installed on the
 * nodes (same Debian packages), on the golden outputs and on randomly generated valid definitions.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { randomDefinition } from "@/lib/cluster/__fixtures__/random-definition";
import { importPair } from "@/lib/cluster/import/import-pair";
import { renderCluster } from "@/lib/cluster/render";
import { validateDefinition } from "@/lib/cluster/validate";
import { cleanupChecks, haproxyCheck, keepalivedCheck } from "../render-check/real-check";

const GOLDEN = join(import.meta.dirname, "..", "..", "lib", "cluster", "render", "__golden__");
const RANDOM_COUNT = 25;

afterAll(cleanupChecks);

function expectValid(label: string, result: { code: number; output: string }): void {
  expect(result.code, `${label}:\n${result.output}`).toBe(0);
}

describe("rendered files pass the real haproxy -c and keepalived -t", () => {
  for (const pair of readdirSync(GOLDEN)) {
    it(`golden ${pair}`, () => {
      for (const file of readdirSync(join(GOLDEN, pair))) {
        const text = readFileSync(join(GOLDEN, pair, file), "utf8");
        if (file === "haproxy.cfg") expectValid(`${pair}/${file}`, haproxyCheck(text));
        if (file.endsWith(".keepalived.conf")) expectValid(`${pair}/${file}`, keepalivedCheck(text));
      }
    });
  }

  it("the article's pair, imported from its own files (with and without the gateway check)", () => {
    const article = join(GOLDEN, "..", "..", "__fixtures__", "article");
    const read = (file: string) =>
      readFileSync(join(article, file), "utf8").replace("<change-me>", "chgme123");
    for (const variant of ["", "-gateway"]) {
      const imported = importPair({
        name: "article",
        haproxyCfg: read("haproxy.cfg"),
        keepalived: [
          { node: "lb-01", text: read(`lb-01${variant}.keepalived.conf`) },
          { node: "lb-02", text: read(`lb-02${variant}.keepalived.conf`) },
        ],
        addresses: { "lb-01": "10.0.0.11", "lb-02": "10.0.0.12" },
      });
      const result = validateDefinition(imported.definition);
      if (!result.ok) throw new Error(JSON.stringify(result.issues));
      const rendered = renderCluster(result.definition);
      expectValid(`article${variant} haproxy.cfg`, haproxyCheck(rendered.haproxyCfg));
      for (const [node, text] of Object.entries(rendered.keepalived))
        expectValid(`article${variant} ${node}`, keepalivedCheck(text));
    }
  });

  it(`${RANDOM_COUNT} random valid definitions`, () => {
    for (let seed = 1; seed <= RANDOM_COUNT; seed++) {
      const result = validateDefinition(randomDefinition(seed));
      if (!result.ok)
        throw new Error(`seed ${seed} generated an invalid definition: ${JSON.stringify(result.issues)}`);
      const rendered = renderCluster(result.definition);
      expectValid(`seed ${seed} haproxy.cfg`, haproxyCheck(rendered.haproxyCfg));
      for (const [node, text] of Object.entries(rendered.keepalived))
        expectValid(`seed ${seed} ${node}`, keepalivedCheck(text));
    }
  });
});
