import { describe, expect, it } from "vitest";
import { articlePair, fullPair } from "./__fixtures__/definitions";
import { hostileCases } from "./__fixtures__/hostile-cases";
import { validateDefinition } from "./validate";

describe("validateDefinition", () => {
  it("accepts the article's pair and the full-featured pair", () => {
    for (const input of [articlePair, fullPair]) {
      const result = validateDefinition(input);
      expect(result.ok ? [] : result.issues).toEqual([]);
    }
  });

  it("fills the defaults an operator expects", () => {
    const result = validateDefinition(articlePair);
    if (!result.ok) throw new Error("invalid");
    expect(result.definition.nodes[0].ssh).toMatchObject({ port: 22, user: "root", useSudo: false });
    expect(result.definition.commands.haproxyReload).toEqual(["systemctl", "reload", "haproxy"]);
    expect(result.definition.haproxy.global.statsSocket.path).toBe("/run/haproxy/admin.sock");
  });

  it("has at least 40 hostile cases", () => expect(hostileCases.length).toBeGreaterThanOrEqual(40));

  it.each(hostileCases.map((c) => [c.label, c] as const))("rejects %s at its field path", (_label, c) => {
    const result = validateDefinition(c.input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => i.path)).toContain(c.path);
  });

  it("warns about the article's gotchas without rejecting", () => {
    const result = validateDefinition({
      ...articlePair,
      vrrp: { ...articlePair.vrrp, trackScripts: [] },
      haproxy: {
        ...articlePair.haproxy,
        backends: [{ name: "be_app", servers: [{ name: "a", address: "10.0.1.11", port: 80 }] }],
      },
    });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.path)).toEqual(
      expect.arrayContaining(["vrrp.trackScripts", "vrrp.mode", "haproxy.backends.0.healthCheck"]),
    );
  });

  it("warns when no track script checks the gateway", () => {
    const result = validateDefinition({
      ...articlePair,
      vrrp: { ...articlePair.vrrp, trackScripts: articlePair.vrrp.trackScripts?.slice(0, 1) },
    });
    expect(result.warnings.some((w) => /gateway/.test(w.message))).toBe(true);
  });

  it("refuses a VRID another cluster uses on the same segment, not on another one", () => {
    const other = { name: "other", virtualRouterId: 51, segments: ["10.0.0.0/24@eth0"] };
    const clash = validateDefinition(articlePair, { otherClusters: [other] });
    expect(clash.ok ? [] : clash.issues.map((i) => i.path)).toEqual(["vrrp.virtualRouterId"]);
    expect(
      validateDefinition(articlePair, { otherClusters: [{ ...other, segments: ["10.1.0.0/24@eth0"] }] }).ok,
    ).toBe(true);
  });

  it("accepts a positive weight only when it can lift the backup above the master", () => {
    const withWeight = (weight: number) =>
      validateDefinition({
        ...articlePair,
        vrrp: { ...articlePair.vrrp, trackScripts: [{ name: "chk", script: "/bin/true", weight }] },
      });
    expect(withWeight(5).ok).toBe(false);
    expect(withWeight(15).ok).toBe(true);
    expect(withWeight(0).ok).toBe(true);
  });
});
