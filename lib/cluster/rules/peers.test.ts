import { describe, expect, it } from "vitest";
import { articlePair } from "../__fixtures__/definitions";
import { clusterDefinitionSchema } from "../definition";
import { validateDefinition } from "../validate";

/** The article's pair with a peers section of these lines, and these global extra lines. */
function withPeers(lines: string[], globalExtra: string[] = []) {
  const copy = clusterDefinitionSchema.parse(articlePair);
  copy.haproxy.global = { ...copy.haproxy.global, extra: globalExtra };
  copy.haproxy.sections = [
    { kind: "userlist", name: "ops", lines: ["user admin insecure-password x"] },
    { kind: "peers", name: "mypeers", lines },
  ];
  return validateDefinition(copy);
}
const issues = (result: ReturnType<typeof validateDefinition>) =>
  result.ok ? [] : result.issues.map((i) => `${i.path}: ${i.message}`);

describe("peers in a shared haproxy.cfg", () => {
  it("accepts a section naming both nodes by their host names, and names taken from the environment", () => {
    expect(issues(withPeers(["peer lb-01 10.0.0.11:10000", "peer lb-02 10.0.0.12:10000"]))).toEqual([]);
    expect(
      issues(
        withPeers(["peer lb-01 10.0.0.11:10000", "peer lb-02 10.0.0.12:10000"], ['localpeer "${HOSTNAME}"']),
      ),
    ).toEqual([]);
    expect(issues(withPeers(["peer lb-01 10.0.0.11:10000", "server lb-02 10.0.0.12:10000"]))).toEqual([]);
  });

  it("refuses a section where a node cannot find itself, with the section's path", () => {
    expect(issues(withPeers(["peer haproxy1 10.0.0.11:10000", "peer lb-02 10.0.0.12:10000"]))).toEqual([
      'haproxy.sections.1.lines: peers mypeers: no peer named lb-01, the host name HAProxy takes as that node\'s local peer name (haproxy.cfg is the same on both nodes): add "peer lb-01 10.0.0.11:PORT"',
    ]);
  });

  it("refuses a literal localpeer, which both nodes would share", () => {
    expect(
      issues(withPeers(["peer lb-01 10.0.0.11:10000", "peer lb-02 10.0.0.12:10000"], ["localpeer lb-01"])),
    ).toEqual([
      'haproxy.global.extra.0: localpeer "lb-01" is the same on both nodes (haproxy.cfg is shared), so lb-01 and lb-02 would both be that peer: remove it (each node then uses its host name) or take it from an environment variable',
    ]);
  });
});
