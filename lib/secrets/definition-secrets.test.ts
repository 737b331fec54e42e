import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { articlePair } from "@/lib/cluster/__fixtures__/definitions";
import { clusterDefinitionSchema } from "@/lib/cluster/definition";
import { KEPT_SECRET } from "@/lib/cluster/schema/primitives";
import {
  keptSecretPaths,
  redactSecrets,
  resealSecrets,
  revealSecrets,
  sealSecrets,
} from "./definition-secrets";
import { secretKeyFrom } from "./envelope";

const keyring = (() => {
  const current = secretKeyFrom(randomBytes(32));
  return { current, all: [current] };
})();
const definition = clusterDefinitionSchema.parse(articlePair);

describe("definition secrets", () => {
  it("seals the auth_pass out of the document and reveals it again", () => {
    const sealed = sealSecrets(definition, {}, keyring);
    if (!sealed.ok) throw new Error("seal failed");
    expect(sealed.spec.vrrp.authPass).toBe(KEPT_SECRET);
    expect(JSON.stringify(sealed)).not.toContain(String(articlePair.vrrp.authPass));
    expect(Object.keys(sealed.secrets)).toEqual(["vrrp.authPass"]);
    expect(revealSecrets(sealed.spec, sealed.secrets, keyring).vrrp.authPass).toBe(articlePair.vrrp.authPass);
    expect(keptSecretPaths(sealed.spec)).toEqual(["vrrp.authPass"]);
  });

  it("keeps the previous sealing for the marker and for an unchanged value, re-seals a changed one", () => {
    const first = sealSecrets(definition, {}, keyring);
    if (!first.ok) throw new Error("seal failed");
    const kept = sealSecrets(redactSecrets(definition), first.secrets, keyring);
    const same = sealSecrets(definition, first.secrets, keyring);
    const changed = sealSecrets(
      { ...definition, vrrp: { ...definition.vrrp, authPass: "other-1" } },
      first.secrets,
      keyring,
    );
    expect(kept.ok && kept.secrets).toEqual(first.secrets);
    expect(same.ok && same.secrets).toEqual(first.secrets);
    expect(changed.ok && changed.secrets["vrrp.authPass"]).not.toBe(first.secrets["vrrp.authPass"]);
  });

  it("refuses the marker with nothing saved, and opens values re-sealed with a new key", () => {
    expect(sealSecrets(redactSecrets(definition), {}, keyring)).toEqual({
      ok: false,
      issues: [{ path: "vrrp.authPass", message: "no saved value to keep: enter the secret" }],
    });
    const first = sealSecrets(definition, {}, keyring);
    if (!first.ok) throw new Error("seal failed");
    const next = secretKeyFrom(randomBytes(32));
    const resealed = resealSecrets(first.secrets, { current: next, all: [next, keyring.current] });
    expect(revealSecrets(first.spec, resealed, { current: next, all: [next] }).vrrp.authPass).toBe(
      articlePair.vrrp.authPass,
    );
    expect(() => revealSecrets(first.spec, resealed, keyring)).toThrow(/not loaded/);
  });
});
