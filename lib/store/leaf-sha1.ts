/**
 * The SHA-1 of a stored chain's leaf (what HAProxy's `show ssl cert` names a certificate by), for the
 * certificate rules, kept by the chain's text: the evaluator reads every cluster's certificates each
 * second, and parsing 500 chains with X509Certificate took 200-290 ms on the 2-core machine
 * (scripts/bench/alert-rounds.ts --certificates). A replaced certificate is new text: parsed once.
 */
import { certificateMetadata, leafOf } from "@/lib/certificates/bundle";
import { ImmutableRowCache } from "./immutable-row-cache";

export class LeafSha1s {
  private readonly known: ImmutableRowCache<string, string>;
  /** Chains parsed (the cache's misses). */
  parsed = 0;

  constructor(max = 1_000) {
    this.known = new ImmutableRowCache(max);
  }

  /** "" when the chain does not parse. */
  of(chainPem: string): string {
    const known = this.known.get(chainPem);
    if (known !== undefined) return known;
    const leaf = leafOf(chainPem);
    const sha1 = leaf ? certificateMetadata(leaf).sha1 : "";
    this.parsed += 1;
    this.known.set(chainPem, sha1);
    return sha1;
  }
}
