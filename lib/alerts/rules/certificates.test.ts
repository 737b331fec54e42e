/** The certificate rules edge by edge: which node serves what, and each expiry threshold. */
import { describe, expect, it } from "vitest";
import { input, subject, T0 } from "../__fixtures__/cluster";
import type { CertificateFacts } from "../types";
import { certificates } from "./certificates";

const DAY = 86_400_000;
const FP = "AA:BB";
const SHA1 = "A".repeat(40);
const at = new Date(T0).toISOString();

function cert(patch: Partial<CertificateFacts> = {}): CertificateFacts {
  return {
    name: "site",
    path: "/etc/haproxy/certs/site.pem",
    fingerprint: FP,
    sha1: SHA1,
    notAfter: new Date(T0 + 90 * DAY).toISOString(),
    served: {},
    ...patch,
  };
}
const run = (c: CertificateFacts, alerting = {}) =>
  certificates(input(T0, {}, { certificates: [c], subject: subject(alerting) }));

describe("certificate rules", () => {
  it("says nothing when every node and the VIP serve the intended one", () => {
    const served = {
      "lb-01": { file: { fingerprint: FP, at }, runtime: { sha1: SHA1, at } },
      "lb-02": { file: { fingerprint: FP, at }, runtime: { sha1: SHA1, at } },
      vip: { tls: { fingerprint: FP, at } },
    };
    expect(run(cert({ served }))).toEqual([]);
  });

  it("names the node and how it was seen when it serves a different certificate", () => {
    const served = {
      "lb-01": { file: { fingerprint: FP, at }, runtime: { sha1: SHA1, at } },
      "lb-02": { file: { fingerprint: "CC:DD", at }, runtime: { sha1: "B".repeat(40), at } },
      vip: { tls: { fingerprint: FP, at } },
    };
    const conditions = run(cert({ served }));
    expect(conditions.map((c) => [c.key, c.severity, c.summary])).toEqual([
      [
        "site:lb-02:file",
        "critical",
        "lb-02 serves a different certificate for site (its file holds another one; a reload would serve it)",
      ],
      [
        "site:lb-02:runtime",
        "critical",
        "lb-02 serves a different certificate for site (HAProxy holds another one in memory)",
      ],
    ]);
    expect(conditions[0]?.evidence).toMatchObject({ expected: FP, seen: "CC:DD" });
  });

  it("ignores a node the check could not read (an error, no fingerprint)", () => {
    expect(run(cert({ served: { "lb-01": { file: { error: "timed out", at } } } }))).toEqual([]);
  });

  it("alerts at each threshold crossed: 30 warning, 14 warning, 7 critical, expired critical", () => {
    const at = (days: number) => run(cert({ notAfter: new Date(T0 + days * DAY).toISOString() }));
    expect(at(31)).toEqual([]);
    expect(at(29.5).map((c) => [c.key, c.severity])).toEqual([["site:30d", "warning"]]);
    expect(at(13).map((c) => [c.key, c.severity])).toEqual([["site:14d", "warning"]]);
    expect(at(6).map((c) => [c.key, c.severity])).toEqual([["site:7d", "critical"]]);
    expect(at(-1).map((c) => [c.key, c.severity])).toEqual([["site:expired", "critical"]]);
    expect(at(6)[0]?.summary).toMatch(/^certificate site expires in 6 days/);
  });

  it("takes the cluster's own thresholds", () => {
    const c = cert({ notAfter: new Date(T0 + 50 * DAY).toISOString() });
    expect(run(c)).toEqual([]);
    expect(run(c, { certificates: { expiryDays: [60, 3] } }).map((x) => x.key)).toEqual(["site:60d"]);
  });
});
