/** Import tests: a pair's files as the import takes them, for nodes lb-01 and lb-02. */
import type { PairImportInput } from "../import-pair";

/** The article's node addresses on the VRRP segment. */
export const ARTICLE_ADDRESSES = { "lb-01": "10.0.0.11", "lb-02": "10.0.0.12" };

/** An import of haproxy.cfg and the two keepalived.conf (lb-01's first), with node addresses when given. */
export function pairInput(
  name: string,
  haproxyCfg: string,
  [first, second]: readonly [string, string],
  addresses?: Record<string, string>,
): PairImportInput {
  return {
    name,
    haproxyCfg,
    keepalived: [
      { node: "lb-01", text: first },
      { node: "lb-02", text: second },
    ],
    ...(addresses ? { addresses } : {}),
  };
}
