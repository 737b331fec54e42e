/**
 * Who is asking, for per-client sign-in limits. The key is the TCP peer's address: a client cannot
 * choose it. Route handlers do not see the socket (Next.js only fills `X-Forwarded-For` when the
 * client sent none, so that header is the client's word), so our web server (scripts/web-server.ts)
 * copies the peer address into a header whose name is random per process (HAPAIR_PEER_HEADER, set by
 * that server itself) and overwrites it on every request. Only when the peer is a proxy listed in
 * HAPAIR_TRUSTED_PROXIES is `X-Forwarded-For` read, from the right: the first hop that is not a
 * trusted proxy is the client (everything left of it was written by the client and proves nothing).
 */
import { BlockList, isIP } from "node:net";

export const PEER_HEADER_ENV = "HAPAIR_PEER_HEADER";
/** The key when the peer is unknown (`next dev`, or `next start` run by hand): every such client shares it. */
export const UNKNOWN_CLIENT = "unknown";

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is 10.0.0.1. */
export function normalizeAddress(value: string): string | null {
  const trimmed = value.trim().replace(/^\[(.*)\]$/, "$1");
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)?.[1];
  const address = mapped ?? trimmed;
  const family = isIP(address);
  return family === 0 ? null : family === 6 ? address.toLowerCase() : address;
}

export interface TrustedProxies {
  has(address: string): boolean;
}

/** `HAPAIR_TRUSTED_PROXIES`: comma-separated addresses and CIDRs (IPv4 or IPv6). Throws on a bad entry. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  for (const entry of (value ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [base = "", bits] = entry.split("/");
    const address = normalizeAddress(base);
    if (!address)
      throw new Error(`HAPAIR_TRUSTED_PROXIES: ${JSON.stringify(entry)} is not an address or CIDR`);
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (bits === undefined) list.addAddress(address, family);
    else {
      const prefix = Number(bits);
      if (!/^\d{1,3}$/.test(bits) || prefix > (family === "ipv6" ? 128 : 32))
        throw new Error(`HAPAIR_TRUSTED_PROXIES: bad prefix in ${JSON.stringify(entry)}`);
      list.addSubnet(address, prefix, family);
    }
  }
  return { has: (address) => list.check(address, isIP(address) === 6 ? "ipv6" : "ipv4") };
}

/** The client's address given the socket peer and the X-Forwarded-For header(s) that came with it. */
export function clientAddress(
  peer: string | null,
  forwardedFor: string | null,
  trusted: TrustedProxies,
): string {
  const direct = peer === null ? null : normalizeAddress(peer);
  if (direct === null) return UNKNOWN_CLIENT;
  if (!trusted.has(direct)) return direct;
  const hops = (forwardedFor ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i] ?? "");
    // Not an address: the proxy did not write it, so the client could vary it; key on the proxy instead.
    if (hop === null) return direct;
    if (!trusted.has(hop)) return hop;
  }
  // No hop, or every hop one of our proxies: the request started inside them.
  return direct;
}

let trustedFromEnv: { value: string | undefined; parsed: TrustedProxies } | undefined;

/** The client of a request as seen by hapair's own web server, with the environment's trusted proxies. */
export function requestClient(
  request: Request,
  env: Record<string, string | undefined> = process.env,
): string {
  const header = env[PEER_HEADER_ENV];
  const peer = header ? request.headers.get(header) : null;
  if (!trustedFromEnv || trustedFromEnv.value !== env.HAPAIR_TRUSTED_PROXIES) {
    trustedFromEnv = {
      value: env.HAPAIR_TRUSTED_PROXIES,
      parsed: parseTrustedProxies(env.HAPAIR_TRUSTED_PROXIES),
    };
  }
  return clientAddress(peer, request.headers.get("x-forwarded-for"), trustedFromEnv.parsed);
}
