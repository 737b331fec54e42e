import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { certificateMetadata, leafOf } from "@/lib/certificates/bundle";
import { LeafSha1s } from "./leaf-sha1";

const fixture = (name: string) => readFileSync(join(__dirname, "../certificates/__fixtures__", name), "utf8");

describe("LeafSha1s", () => {
  it("answers the leaf's SHA-1, parsing each chain once", () => {
    const chain = fixture("leaf.pem") + fixture("ca.pem");
    const other = fixture("self-signed.pem");
    const sha1s = new LeafSha1s();
    const leaf = leafOf(chain);
    expect(leaf).not.toBeNull();
    expect(sha1s.of(chain)).toBe(leaf ? certificateMetadata(leaf).sha1 : "");
    expect(sha1s.of(chain)).toBe(sha1s.of(chain));
    expect(sha1s.of(other)).not.toBe(sha1s.of(chain));
    expect(sha1s.parsed).toBe(2);
  });

  it("answers empty for a chain that does not parse", () => {
    const sha1s = new LeafSha1s();
    expect(sha1s.of("not a certificate")).toBe("");
    expect(sha1s.of("not a certificate")).toBe("");
    expect(sha1s.parsed).toBe(1);
  });
});
