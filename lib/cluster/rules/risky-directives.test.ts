import { describe, expect, it } from "vitest";
import { articlePair } from "../__fixtures__/definitions";
import type { ClusterDefinitionInput } from "../schema/definition";
import { validateDefinition } from "../validate";

function warningsOf(edit: (d: ClusterDefinitionInput) => void) {
  const input = structuredClone(articlePair);
  edit(input);
  const result = validateDefinition(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.warnings.filter((w) => /Lua|program|all interfaces/.test(w.message));
}

describe("risky directive warnings", () => {
  it("says nothing for the article's pair", () => {
    expect(warningsOf(() => {})).toEqual([]);
  });

  it("warns of program sections, lua-load (quoted too) and a stats socket or page on all interfaces", () => {
    const warnings = warningsOf((d) => {
      d.haproxy ??= {};
      d.haproxy.global ??= {};
      d.haproxy.global.extra = [
        "lua-load /etc/haproxy/x.lua",
        '"lua-load-per-thread" /etc/haproxy/y.lua',
        "stats socket ipv4@0.0.0.0:9999 level admin",
        "stats socket 127.0.0.1:9998 level admin",
        "stats socket :9997",
      ];
      d.haproxy.sections = [
        { kind: "program", name: "evil", lines: ["command /bin/sh -c id"] },
        { kind: "listen", name: "stats", lines: ["bind *:8404", "stats enable", "stats uri /"] },
        { kind: "listen", name: "mgmt", lines: ["bind 127.0.0.1:8405", "stats enable"] },
      ];
      const frontend = d.haproxy.frontends?.[0];
      if (frontend) {
        frontend.binds = [...(frontend.binds ?? []), { address: "*", port: 8080 }];
        frontend.extra = ["stats uri /haproxy"];
      }
    });
    expect(warnings.map((w) => w.path).sort()).toEqual(
      [
        "haproxy.global.extra.0",
        "haproxy.global.extra.1",
        "haproxy.global.extra.2",
        "haproxy.global.extra.4",
        "haproxy.sections.0.kind",
        "haproxy.sections.1.lines.1",
        "haproxy.frontends.0.extra.0",
      ].sort(),
    );
  });
});
