/**
 * Issue 20: a pair imports without losing a directive or changing what HAProxy and keepalived do.
 * Each case (written for this test, __fixtures__/fidelity-cases.ts) is imported, validated and
 * rendered; every directive of the original must be in the same section of the render, each proxy's
 * effective mode and balance must be unchanged, and every keepalived statement must be kept per node.
 * The real checkers run on the same cases in e2e/integration/import-fidelity.test.ts.
 */
import { describe, expect, it } from "vitest";
import { renderCluster } from "../render";
import { validateDefinition } from "../validate";
import { splitHaproxySections } from "./haproxy-tokens";
import { importPair } from "./import-pair";
import { parseKeepalivedConf, unquote, type KeepalivedStatement } from "./keepalived-tokens";
import {
  BASE_HAPROXY,
  BASE_KEEPALIVED,
  fidelityCases,
  LVS_ONLY,
  type FidelityCase,
} from "./__fixtures__/fidelity-cases";

export function importCase(c: FidelityCase) {
  const keepalived = c.keepalived ?? BASE_KEEPALIVED;
  const imported = importPair({
    name: "fidelity",
    haproxyCfg: c.haproxy ?? BASE_HAPROXY,
    keepalived: [
      { node: "lb-01", text: keepalived[0] },
      { node: "lb-02", text: keepalived[1] },
    ],
    addresses: { "lb-01": "10.0.0.11", "lb-02": "10.0.0.12" },
  });
  const result = validateDefinition(imported.definition);
  if ((imported.refusals ?? []).length > 0 || !result.ok)
    throw new Error(JSON.stringify([...imported.refusals, ...(result.ok ? [] : result.issues)]));
  return { imported, definition: result.definition, rendered: renderCluster(result.definition) };
}

/** Directives per section header, words sorted (HAProxy does not care how hapair orders a line's words here). */
function directives(cfg: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of splitHaproxySections(cfg).sections) {
    const key = s.words.join(" ");
    out.set(key, [...(out.get(key) ?? []), ...s.directives.map((d) => d.text.split(/\s+/).join(" "))]);
  }
  return out;
}

/** Effective mode and balance of every proxy, as HAProxy derives them (own line, defaults, tcp/roundrobin). */
function effective(cfg: string): Record<string, string> {
  const named = new Map<string, Record<string, string>>();
  let last: Record<string, string> = {};
  const out: Record<string, string> = {};
  for (const s of splitHaproxySections(cfg).sections) {
    const own: Record<string, string> = {};
    for (const d of s.directives) {
      const [word, ...rest] = d.text.split(/\s+/);
      if (word === "mode" || word === "balance") own[word] = rest.join(" ");
    }
    const fromAt = s.words.indexOf("from");
    const from = fromAt === -1 ? undefined : named.get(s.words[fromAt + 1] ?? "");
    const nameWord = s.words[1] === "from" ? undefined : s.words[1];
    if (s.keyword === "defaults") {
      last = { ...(from ?? {}), ...own };
      if (nameWord) named.set(nameWord, last);
    } else if (["frontend", "backend", "listen"].includes(s.keyword)) {
      const base = { mode: "tcp", balance: "roundrobin", ...(fromAt === -1 ? last : from), ...own };
      out[`${s.keyword} ${s.name}`] = s.keyword === "frontend" ? base.mode : `${base.mode} ${base.balance}`;
    }
  }
  return out;
}

/** keepalived statements as `block > … > words` paths, quotes aside, VIPs in keepalived's full form. */
function statements(text: string): string[] {
  const walk = (list: KeepalivedStatement[], path: string, iface: string | undefined): string[] => {
    const here = list.find((s) => s.words[0] === "interface")?.words[1] ?? iface;
    return list.flatMap((s) => {
      let words = s.words.map(unquote);
      if (path.endsWith("virtual_ipaddress > ") && /^[\d.]+(\/\d+)?$/.test(words[0] ?? "")) {
        const [address = "", ...rest] = words;
        words = [
          address.includes("/") ? address : `${address}/32`,
          ...(rest.includes("dev") ? rest : ["dev", here ?? "", ...rest]),
        ];
      }
      const line = `${path}${words.join(" ")}`;
      return s.children ? [line, ...walk(s.children, `${line} > `, here)] : [line];
    });
  };
  return walk(parseKeepalivedConf(text), "", undefined);
}

function missing<T>(original: T[], rendered: T[]): T[] {
  const left = [...rendered];
  return original.filter((item) => {
    const at = left.indexOf(item);
    if (at === -1) return true;
    left.splice(at, 1);
    return false;
  });
}

describe.each(fidelityCases.map((c) => [c.label, c] as const))("import fidelity: %s", (_label, c) => {
  it("imports and validates without a refusal", () => expect(() => importCase(c)).not.toThrow());

  it("keeps every haproxy directive in its section and each proxy's effective mode and balance", () => {
    const { rendered } = importCase(c);
    const original = directives(c.haproxy ?? BASE_HAPROXY);
    const render = directives(rendered.haproxyCfg);
    const sorted = (lines: string[]) => lines.map((l) => l.split(" ").sort().join(" "));
    for (const [header, lines] of original)
      expect([header, missing(sorted(lines), sorted(render.get(header) ?? []))]).toEqual([header, []]);
    expect(effective(rendered.haproxyCfg)).toEqual(effective(c.haproxy ?? BASE_HAPROXY));
  });

  it("keeps every keepalived statement of each node's file", () => {
    const { rendered } = importCase(c);
    const files = c.keepalived ?? BASE_KEEPALIVED;
    // The state line is the one statement hapair may rewrite (preempt_delay and nopreempt need BACKUP).
    // `weight 0` is keepalived's default for a vrrp_script, which hapair leaves unwritten.
    const kept = (text: string) =>
      statements(text).filter((s) => !/ > state \w+$/.test(s) && !/^vrrp_script \S+ > weight 0$/.test(s));
    expect(missing(kept(files[0]), statements(rendered.keepalived["lb-01"] ?? ""))).toEqual([]);
    expect(missing(kept(files[1]), statements(rendered.keepalived["lb-02"] ?? ""))).toEqual([]);
  });
});

describe("import refusals and renders that need care", () => {
  it("tracks in the main instance exactly what the original tracked there (a script for another instance, or none, is not added)", () => {
    const c = fidelityCases.find((x) => x.label.startsWith("17 "));
    if (!c?.keepalived) throw new Error("case missing");
    const tracked = (text: string) =>
      statements(text).filter((s) => s.startsWith("vrrp_instance VI_1 > track_script > "));
    const { rendered } = importCase(c);
    expect(tracked(rendered.keepalived["lb-01"] ?? "")).toEqual(tracked(c.keepalived[0]));
    expect(tracked(rendered.keepalived["lb-02"] ?? "")).toEqual(tracked(c.keepalived[1]));
  });

  it("names the file and line of a unicast_src_ip that is not an address", () => {
    const imported = importPair({
      name: "bad",
      haproxyCfg: BASE_HAPROXY,
      keepalived: [
        {
          node: "lb-01",
          text: BASE_KEEPALIVED[0].replace("unicast_src_ip 10.0.0.11", "unicast_src_ip lb-01.lan/24"),
        },
        { node: "lb-02", text: BASE_KEEPALIVED[1] },
      ],
    });
    expect(imported.refusals).toEqual([
      {
        path: "keepalived.0.text",
        message: expect.stringMatching(
          /^lb-01: line \d+: unicast_src_ip lb-01\.lan\/24 is not an IPv4 address/,
        ),
      },
    ]);
  });

  it("renders no server-state lines for a zero-warning file that kept no state", () => {
    const c = fidelityCases.find((x) => x.label.includes("zero-warning"));
    if (!c) throw new Error("case missing");
    expect(importCase(c).rendered.haproxyCfg).not.toMatch(/server-state/);
  });

  it("refuses an LVS-only keepalived.conf plainly, naming the file", () => {
    const imported = importPair({
      name: "lvs",
      haproxyCfg: BASE_HAPROXY,
      keepalived: [
        { node: "lb-01", text: LVS_ONLY },
        { node: "lb-02", text: BASE_KEEPALIVED[1] },
      ],
    });
    expect(imported.refusals).toEqual([
      {
        path: "keepalived.0.text",
        message: expect.stringMatching(/^lb-01: no vrrp_instance: hapair manages VRRP pairs/),
      },
    ]);
  });

  it("renders preempt_delay with state BACKUP on the node that was MASTER (keepalived -t refuses it otherwise)", () => {
    const { definition } = importCase({ label: "", keepalived: BASE_KEEPALIVED });
    const rendered = renderCluster({ ...definition, vrrp: { ...definition.vrrp, preemptDelay: 30 } });
    expect(rendered.keepalived["lb-01"]).toMatch(/^\s+state BACKUP$/m);
  });

  it("says a warning both files give once, naming both nodes", () => {
    const noScript = BASE_KEEPALIVED.map((t) =>
      t.replace(
        "vrrp_script chk_haproxy {\n    script",
        "vrrp_script chk_haproxy {\n    user root\n    scrip",
      ),
    ) as [string, string];
    const imported = importPair({
      name: "w",
      haproxyCfg: BASE_HAPROXY,
      keepalived: [
        { node: "lb-01", text: noScript[0] },
        { node: "lb-02", text: noScript[1] },
      ],
    });
    const messages = imported.warnings.map((w) => w.message).filter((m) => m.includes("no script line"));
    expect(messages).toEqual([expect.stringMatching(/^lb-01, lb-02: /)]);
  });
});
