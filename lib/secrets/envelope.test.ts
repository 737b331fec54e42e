import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { open, resealed, seal, sealedKeyId, secretKeyFrom } from "./envelope";

describe("secret envelope", () => {
  const key = secretKeyFrom(randomBytes(32));
  const other = secretKeyFrom(randomBytes(32));

  it("round-trips and never contains the plaintext", () => {
    const sealed = seal("-----BEGIN OPENSSH PRIVATE KEY-----\nabc", key);
    expect(sealed).not.toContain("OPENSSH");
    expect(sealedKeyId(sealed)).toBe(key.id);
    expect(open(sealed, [other, key])).toBe("-----BEGIN OPENSSH PRIVATE KEY-----\nabc");
  });

  it("re-seals with the current key a value an older key sealed", () => {
    const again = resealed(seal("hunter22", other), { current: key, all: [key, other] });
    expect(sealedKeyId(again)).toBe(key.id);
    expect(open(again, [key])).toBe("hunter22");
  });

  it("uses a fresh IV each time", () => {
    expect(seal("same", key)).not.toBe(seal("same", key));
  });

  it("refuses a missing key and a tampered value without echoing it", () => {
    const sealed = seal("hunter22", key);
    expect(() => open(sealed, [other])).toThrow(/not loaded/);
    const parts = sealed.split(":");
    parts[4] = Buffer.from("x".repeat(8)).toString("base64");
    expect(() => open(parts.join(":"), [key])).toThrow(/failed authentication/);
    expect(() => open(parts.join(":"), [key])).not.toThrow(/hunter22/);
  });

  it("refuses keys of the wrong size", () => {
    expect(() => secretKeyFrom(randomBytes(16))).toThrow(/32 bytes/);
  });
});
