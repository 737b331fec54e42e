import { describe, expect, it } from "vitest";
import { parseShowSslCert, readCommitReply, readSetReply, setSslCertCommand } from "./runtime-api";

// As HAProxy 2.6 answers (management guide, "show ssl cert").
const SHOWN = `Filename: /etc/haproxy/certs/site.pem
Status: Used
Serial: 0D933C1B1089BF660AE5253A245BB388
notBefore: Sep 13 21:20:24 2019 GMT
notAfter: Dec 11 21:20:24 2119 GMT
Subject Alternative Name: DNS:site.lab.test
Algorithm: EC256
SHA1 FingerPrint: 9F7A4E0A1D11B5F5D0A2E2C1E3E0C3A4B5C6D7E8
Subject: /CN=site.lab.test
Issuer: /CN=hapair test CA
`;

describe("runtime API for certificates", () => {
  it("ends the payload with an empty line and squeezes inner blank lines", () => {
    const command = setSslCertCommand("/c.pem", "-----A-----\n\nx\n-----B-----\n\n");
    expect(`${command}\n`).toBe("set ssl cert /c.pem <<\n-----A-----\nx\n-----B-----\n\n");
  });

  it("reads set and commit answers", () => {
    expect(readSetReply("Transaction created for certificate /c.pem!\n")).toEqual({ ok: true });
    expect(readSetReply("Transaction updated for certificate /c.pem!\n")).toEqual({ ok: true });
    expect(
      readSetReply("Can't replace a certificate which is not referenced by the configuration!\n"),
    ).toMatchObject({
      ok: false,
      notLoaded: true,
    });
    expect(readSetReply("unable to load the private key\n")).toMatchObject({ ok: false, notLoaded: false });
    expect(readCommitReply("Committing /c.pem.\nSuccess!\n")).toEqual({ ok: true });
    expect(readCommitReply("No ongoing transaction!\n")).toMatchObject({ ok: false });
    expect(readSetReply("")).toMatchObject({ ok: false, message: "" });
  });

  it("parses show ssl cert; garbage or a refusal is null", () => {
    expect(parseShowSslCert(SHOWN)).toEqual({
      sha1: "9F7A4E0A1D11B5F5D0A2E2C1E3E0C3A4B5C6D7E8",
      notAfter: "2119-12-11T21:20:24.000Z",
      serial: "0D933C1B1089BF660AE5253A245BB388",
      uncommitted: false,
    });
    expect(parseShowSslCert(SHOWN.replace("Filename: ", "Filename: *"))?.uncommitted).toBe(true);
    expect(
      parseShowSslCert("Can't display the certificate: Not found or the certificate is a bundle!\n"),
    ).toBeNull();
    expect(parseShowSslCert("SHA1 FingerPrint: nothex\n")).toBeNull();
    expect(parseShowSslCert("\u0000".repeat(1000))).toBeNull();
  });
});
