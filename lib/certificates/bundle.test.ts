import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { haproxyPem, parseBundle } from "./bundle";

const fixture = (name: string) => readFileSync(join(__dirname, "__fixtures__", name), "utf8");
const leaf = fixture("leaf.pem");
const key = fixture("leaf.key");
const ca = fixture("ca.pem");
const other = fixture("other.key");

const issuesOf = (pem: string) => {
  const outcome = parseBundle(pem);
  return outcome.ok ? [] : outcome.issues.map((i) => `${i.path}: ${i.message}`);
};

describe("parseBundle", () => {
  it("reads leaf, chain and key, with the metadata", () => {
    const outcome = parseBundle(`${leaf}${ca}${key}`);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.issues));
    const { metadata, chainPem, keyPem } = outcome.bundle;
    expect(metadata.subject).toBe("CN=site.lab.test, O=hapair");
    expect(metadata.issuer).toBe("CN=hapair test CA");
    expect(metadata.sans).toEqual(["site.lab.test", "www.lab.test", "10.0.0.1"]);
    expect(metadata.fingerprint).toBe(
      "99:EE:BB:BE:C4:5D:FA:0B:08:19:CB:FB:85:7E:20:E8:B6:51:74:5A:7F:7C:49:17:D9:05:0D:7F:2B:50:A5:86",
    );
    expect(metadata.sha1).toMatch(/^[0-9A-F]{40}$/);
    expect(Date.parse(metadata.notAfter)).toBeGreaterThan(Date.parse(metadata.notBefore));
    expect(chainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(chainPem).not.toContain("PRIVATE KEY");
    expect(keyPem).toContain("BEGIN PRIVATE KEY");
    expect(haproxyPem(chainPem, keyPem)).toMatch(/END CERTIFICATE-----\n-----BEGIN PRIVATE KEY/);
  });

  it("takes the key first too (order of the key does not matter)", () => {
    expect(issuesOf(`${key}${leaf}`)).toEqual([]);
  });

  it("refuses a key that does not match", () => {
    expect(issuesOf(`${leaf}${other}`)).toEqual(["pem: the private key does not match the certificate"]);
  });

  it("refuses a chain in the wrong order", () => {
    expect(issuesOf(`${ca}${leaf}${key}`)[0]).toMatch(/^pem: (chain order|the private key does not match)/);
  });

  it("refuses a CA-first bundle whose key is the leaf's as a chain-order problem", () => {
    const issues = issuesOf(`${leaf}${leaf}${key}`);
    expect(issues[0]).toMatch(/^pem: chain order: certificate 2/);
  });

  it("refuses missing parts, extra keys, garbage and huge input", () => {
    expect(issuesOf(key)).toEqual(["pem: no certificate (-----BEGIN CERTIFICATE-----) in the bundle"]);
    expect(issuesOf(leaf)).toEqual(["pem: no private key (-----BEGIN PRIVATE KEY-----) in the bundle"]);
    expect(issuesOf(`${leaf}${key}${other}`)[0]).toMatch(/more than one private key/);
    expect(issuesOf("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")[0]).toMatch(
      /not a readable X.509/,
    );
    expect(issuesOf(`${leaf}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n`)).toEqual([
      "pem: the private key is not readable",
    ]);
    expect(issuesOf("x".repeat(70_000))[0]).toMatch(/at most 64 KiB/);
    expect(issuesOf("")).toHaveLength(1);
  });

  it("takes a lone self-signed certificate marked CA:TRUE (openssl req -x509), as pairs being adopted use", () => {
    const self = fixture("self-signed.pem");
    expect(issuesOf(`${self}${fixture("self-signed.key")}`)).toEqual([]);
    // Followed by another certificate, a CA first is still a chain in the wrong order.
    expect(issuesOf(`${self}${leaf}${fixture("self-signed.key")}`)).toHaveLength(1);
  });

  it("never quotes the key in an issue", () => {
    const body = key.split("\n")[1] ?? "";
    for (const pem of [`${leaf}${other}`, `${ca}${key}`, `${leaf}${key}${other}`])
      expect(issuesOf(pem).join("\n")).not.toContain(body.slice(0, 20));
  });
});
