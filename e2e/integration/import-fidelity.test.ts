/**
 * The import-fidelity cases (lib/cluster/import/__fixtures__/fidelity-cases.ts) through the real
 * validators: each original passes `haproxy -c` / `keepalived -t`, and so does hapair's render of it.
 * Needs root (a private mount namespace for haproxy, a network namespace for keepalived; see
 * e2e/render-check/real-check.ts); no lab pair.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  BASE_HAPROXY,
  BASE_KEEPALIVED,
  fidelityCases,
} from "@/lib/cluster/import/__fixtures__/fidelity-cases";
import { ARTICLE_ADDRESSES, pairInput } from "@/lib/cluster/import/__fixtures__/pair-input";
import { importPair } from "@/lib/cluster/import/import-pair";
import { renderCluster } from "@/lib/cluster/render";
import { validateDefinition } from "@/lib/cluster/validate";
import { cleanupChecks, haproxyCheck, keepalivedCheck, type CheckResult } from "../render-check/real-check";

afterAll(cleanupChecks);

const expectValid = (label: string, result: CheckResult) =>
  expect(result.code, `${label}:\n${result.output}`).toBe(0);

describe.each(fidelityCases.map((c) => [c.label, c] as const))(
  "import fidelity with the real checkers: %s",
  (_label, c) => {
    it("the original and hapair's render both pass haproxy -c and keepalived -t", () => {
      const haproxyCfg = c.haproxy ?? BASE_HAPROXY;
      const keepalived = c.keepalived ?? BASE_KEEPALIVED;
      expectValid("original haproxy.cfg", haproxyCheck(haproxyCfg));
      keepalived.forEach((text, i) =>
        expectValid(`original keepalived.conf ${i + 1}`, keepalivedCheck(text)),
      );
      const imported = importPair(pairInput("fidelity", haproxyCfg, keepalived, ARTICLE_ADDRESSES));
      const result = validateDefinition(imported.definition);
      if (imported.refusals.length > 0 || !result.ok)
        throw new Error(JSON.stringify([...imported.refusals, ...(result.ok ? [] : result.issues)]));
      const rendered = renderCluster(result.definition);
      expectValid("rendered haproxy.cfg", haproxyCheck(rendered.haproxyCfg));
      for (const [node, text] of Object.entries(rendered.keepalived))
        expectValid(`rendered keepalived.conf ${node}`, keepalivedCheck(text));
    });
  },
);
