import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { articlePair, fullPair } from "../__fixtures__/definitions";
import { validateDefinition } from "../validate";
import type { ClusterDefinition } from "../schema/definition";
import { certificatePaths, renderCluster } from "./index";

// Golden files: `UPDATE_GOLDEN=1 npx vitest run lib/cluster/render` rewrites them; review the diff.
const GOLDEN = join(import.meta.dirname, "__golden__");

function valid(input: unknown): ClusterDefinition {
  const result = validateDefinition(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.definition;
}

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) {
    mkdirSync(join(file, ".."), { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual).toBe(readFileSync(file, "utf8"));
}

describe.each([
  ["article", articlePair],
  ["full", fullPair],
] as const)("rendering the %s pair", (name, input) => {
  const definition = valid(input);
  const rendered = renderCluster(definition);

  it("matches the golden files", () => {
    golden(`${name}/haproxy.cfg`, rendered.haproxyCfg);
    for (const [node, text] of Object.entries(rendered.keepalived))
      golden(`${name}/${node}.keepalived.conf`, text);
    golden(`${name}/hapair-notify.sh`, rendered.notifyScript);
  });

  it("is deterministic", () => expect(renderCluster(valid(input))).toEqual(rendered));

  it("makes the two keepalived.conf differ only in per-node lines", () => {
    const [a, b] = definition.nodes.map((n) => (rendered.keepalived[n.name] ?? "").split("\n"));
    const differing = (a ?? []).filter((line, i) => line !== b?.[i]).map((line) => line.trim().split(" ")[0]);
    const perNode = new Set([
      "#",
      "router_id",
      "state",
      "priority",
      "unicast_src_ip",
      definition.nodes[1].address,
    ]);
    expect(differing.every((word) => perNode.has(word ?? ""))).toBe(true);
    expect(a?.length).toBe(b?.length);
  });

  it("always carries the safety settings and the state hook", () => {
    for (const text of Object.values(rendered.keepalived)) {
      expect(text).toMatch(/^\s+enable_script_security$/m);
      expect(text).toMatch(/^\s+script_user \S+$/m);
      expect(text).toMatch(/^\s+reload_check_config \/\S+$/m);
      expect(text).toContain(`notify "${definition.paths.notifyScript}"`);
    }
  });
});

describe("rendering specifics", () => {
  it("renders nopreempt with state BACKUP on both nodes and unicast peers crosswise", () => {
    const rendered = renderCluster(valid(fullPair));
    for (const text of Object.values(rendered.keepalived)) {
      expect(text).toMatch(/^\s+state BACKUP$/m);
      expect(text).toMatch(/^\s+nopreempt$/m);
    }
    expect(rendered.keepalived["edge-a"]).toMatch(
      /unicast_src_ip 192\.168\.50\.2\n\s+unicast_peer \{\n\s+192\.168\.50\.3\n/,
    );
    expect(rendered.keepalived["edge-b"]).toMatch(
      /unicast_src_ip 192\.168\.50\.3\n\s+unicast_peer \{\n\s+192\.168\.50\.2\n/,
    );
  });

  it("keeps server states across reloads unless the definition turns it off", () => {
    const on = renderCluster(valid(articlePair)).haproxyCfg;
    const sectionOf = (name: string) =>
      on.split("\n\n").find((block) => block.includes(`\n${name}\n`) || block.startsWith(`${name}\n`)) ?? "";
    expect(sectionOf("global").split("\n")).toContain("    server-state-file /var/lib/haproxy/server-state");
    expect(sectionOf("defaults").split("\n")).toContain("    load-server-state-from-file global");
    const off = valid({
      ...articlePair,
      haproxy: { ...articlePair.haproxy, global: { ...articlePair.haproxy?.global, keepServerState: false } },
    });
    expect(renderCluster(off).haproxyCfg).not.toMatch(/server-state/);
    const twice = validateDefinition({
      ...articlePair,
      haproxy: {
        ...articlePair.haproxy,
        global: { ...articlePair.haproxy?.global, extra: ["server-state-file /tmp/x"] },
      },
    });
    expect(twice.ok ? [] : twice.issues.map((i) => i.path)).toEqual(["haproxy.global.extra.0"]);
  });

  it("lists certificate files from binds and by hand, once each", () => {
    expect(certificatePaths(valid(fullPair))).toEqual([
      "/etc/haproxy/certs/ca.pem",
      "/etc/haproxy/certs/pay.pem",
    ]);
  });
});

describe("ACME challenge answers", () => {
  const line =
    /^\s+http-request return status 200 content-type text\/plain lf-string .*acme-challenges\.map/m;

  it("go on plain port-80 HTTP frontends only, before the HTTPS redirect", () => {
    const cfg = renderCluster(valid(fullPair)).haproxyCfg;
    const web = cfg.slice(cfg.indexOf("frontend fe_web"), cfg.indexOf("frontend fe_tcp"));
    expect(web).toMatch(line);
    expect(web.indexOf("acme-challenge")).toBeLessThan(web.indexOf("redirect scheme https"));
    expect(cfg.slice(cfg.indexOf("frontend fe_tcp"))).not.toMatch(line);
  });

  it("are absent without an acme section", () => {
    const { acme: _acme, ...withoutAcme } = fullPair;
    expect(renderCluster(valid(withoutAcme)).haproxyCfg).not.toMatch(line);
  });
});
