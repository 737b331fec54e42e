import { describe, expect, it } from "vitest";
import { input, observed, T0 } from "../__fixtures__/cluster";
import { evaluateRules } from ".";

describe("drift evidence", () => {
  it("names the file and the nodes, never a checksum (keepalived.conf's sha256 would let a viewer guess auth_pass)", () => {
    const lastPushed = { "lb-01": { "haproxy.cfg": "cfg-0", "keepalived.conf": "sha-of-secret-conf" } };
    const frame = input(
      T0,
      {
        "lb-01": observed("lb-01", T0 - 100, {
          checksums: { "haproxy.cfg": "cfg-1", "keepalived.conf": "sha-seen-conf" },
        }),
        "lb-02": observed("lb-02", T0 - 100, {
          checksums: { "haproxy.cfg": "cfg-2", "keepalived.conf": "ka" },
        }),
      },
      { lastPushed },
    );
    const drift = evaluateRules(frame).filter((c) => c.rule === "drift");
    expect(drift.map((c) => c.key).sort()).toEqual([
      "between:haproxy.cfg",
      "pushed:lb-01:haproxy.cfg",
      "pushed:lb-01:keepalived.conf",
    ]);
    const evidence = JSON.stringify(drift.map((c) => c.evidence));
    for (const sum of ["cfg-0", "cfg-1", "cfg-2", "sha-of-secret-conf", "sha-seen-conf"])
      expect(evidence).not.toContain(sum);
    expect(drift.find((c) => c.key === "pushed:lb-01:keepalived.conf")?.evidence).toEqual({
      node: "lb-01",
      file: "keepalived.conf",
      seen: "changed since hapair installed it",
    });
  });
});
