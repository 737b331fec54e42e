/**
 * Where notifications may go. A channel URL or SMTP host is an admin-supplied target that hapair's
 * server connects to: pointed at loopback, the cloud metadata address or an internal service, it turns
 * "send test" into a probe of the private network. Names are resolved first and every address they
 * resolve to is checked; the request then connects to the checked address (no second lookup a
 * rebinding DNS server could answer differently). `HAPAIR_OUTBOUND_ALLOW` (CIDRs, comma-separated)
 * opens ranges on purpose: a lab, a test receiver, an internal mail relay.
 */
import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/** Not the public internet: loopback, "this network", private, CGNAT, link-local, documentation, benchmarking, multicast, reserved, ULA, NAT64, 6to4, Teredo. */
const FORBIDDEN: ReadonlyArray<readonly [string, number, "ipv4" | "ipv6"]> = [
  ["0.0.0.0", 8, "ipv4"],
  ["10.0.0.0", 8, "ipv4"],
  ["100.64.0.0", 10, "ipv4"],
  ["127.0.0.0", 8, "ipv4"],
  ["169.254.0.0", 16, "ipv4"],
  ["172.16.0.0", 12, "ipv4"],
  ["192.0.0.0", 24, "ipv4"],
  ["192.0.2.0", 24, "ipv4"],
  ["192.168.0.0", 16, "ipv4"],
  ["198.18.0.0", 15, "ipv4"],
  ["198.51.100.0", 24, "ipv4"],
  ["203.0.113.0", 24, "ipv4"],
  ["224.0.0.0", 4, "ipv4"],
  ["240.0.0.0", 4, "ipv4"],
  ["::", 128, "ipv6"],
  ["::1", 128, "ipv6"],
  ["64:ff9b::", 96, "ipv6"],
  ["64:ff9b:1::", 48, "ipv6"],
  ["100::", 64, "ipv6"],
  ["2001::", 32, "ipv6"],
  ["2001:db8::", 32, "ipv6"],
  ["2002::", 16, "ipv6"],
  ["fc00::", 7, "ipv6"],
  ["fe80::", 10, "ipv6"],
  ["fec0::", 10, "ipv6"],
  ["ff00::", 8, "ipv6"],
];

const forbidden = new BlockList();
for (const [net, prefix, family] of FORBIDDEN) forbidden.addSubnet(net, prefix, family);

export const OUTBOUND_ALLOW_ENV = "HAPAIR_OUTBOUND_ALLOW";

/** The allow-list from the environment; a malformed entry is reported, never silently widened. */
export function outboundAllowList(env: Readonly<Record<string, string | undefined>> = process.env): {
  list: BlockList;
  errors: string[];
} {
  const list = new BlockList();
  const errors: string[] = [];
  for (const entry of (env[OUTBOUND_ALLOW_ENV] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address = "", bits, ...rest] = entry.split("/");
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (
      family === 0 ||
      rest.length > 0 ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > (family === 6 ? 128 : 32)
    )
      errors.push(`${OUTBOUND_ALLOW_ENV}: "${entry}" is not a CIDR`);
    else list.addSubnet(address, prefix, family === 6 ? "ipv6" : "ipv4");
  }
  return { list, errors };
}

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1, ::ffff:a00:1) is the IPv4 address it carries. */
function unmapped(address: string): { address: string; family: "ipv4" | "ipv6" } {
  if (isIP(address) === 4) return { address, family: "ipv4" };
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/i.exec(address.replace(/^\[|\]$/g, ""));
  const tail = mapped?.[1];
  if (tail) {
    if (isIP(tail) === 4) return { address: tail, family: "ipv4" };
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
    if (hex?.[1] && hex[2]) {
      const [hi, lo] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
      return { address: [hi >> 8, hi & 255, lo >> 8, lo & 255].join("."), family: "ipv4" };
    }
  }
  return { address, family: "ipv6" };
}

/** Why hapair may not connect to this IP address, or null when it may. */
export function refusedAddress(address: string, allow: BlockList = outboundAllowList().list): string | null {
  const target = unmapped(address);
  if (isIP(target.address) === 0) return `${address} is not an IP address`;
  if (allow.check(target.address, target.family)) return null;
  if (forbidden.check(target.address, target.family))
    return `${address} is a loopback, private, link-local or reserved address; add it to ${OUTBOUND_ALLOW_ENV} to allow it`;
  return null;
}

export type CheckedTarget = { ok: true; address: string; family: 4 | 6 } | { ok: false; reason: string };

/**
 * Resolves `host` (a name, or an IP literal with or without brackets) and checks every address it
 * resolves to; answers the first one to connect to. One refused address refuses the name: a name that
 * also resolves to 127.0.0.1 is not one to send pages to.
 */
export async function checkOutboundHost(
  host: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CheckedTarget> {
  const { list, errors } = outboundAllowList(env);
  if (errors.length > 0) return { ok: false, reason: errors.join("; ") };
  const bare = host.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (isIP(bare) !== 0) addresses = [{ address: bare, family: isIP(bare) }];
  else {
    try {
      addresses = await lookup(bare, { all: true, verbatim: true });
    } catch (error) {
      return {
        ok: false,
        reason: `${host} does not resolve (${error instanceof Error && "code" in error ? String(error.code) : "lookup failed"})`,
      };
    }
  }
  for (const { address } of addresses) {
    const reason = refusedAddress(address, list);
    if (reason) return { ok: false, reason: isIP(bare) === 0 ? `${host} resolves to ${reason}` : reason };
  }
  const first = addresses[0];
  if (!first) return { ok: false, reason: `${host} does not resolve` };
  return { ok: true, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/**
 * Field errors for a channel's target, at save. A name that does not resolve now is let through (DNS
 * may be down while an admin edits); every send checks again. A kept URL was checked when it was entered.
 */
export async function channelTargetIssues(
  input: { kind: string; url?: string; host?: string },
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<{ path: string; message: string }[]> {
  const [path, host] = input.kind === "email" ? ["host", input.host] : ["url", hostOfUrl(input.url)];
  if (host === undefined) return [];
  const checked = await checkOutboundHost(host, env);
  if (checked.ok || / does not resolve/.test(checked.reason)) return [];
  return [{ path, message: `not allowed: ${checked.reason}` }];
}

function hostOfUrl(url: string | undefined): string | undefined {
  try {
    return url === undefined ? undefined : new URL(url).hostname;
  } catch {
    return undefined; // the kept-secret marker, or a URL the schema already refused
  }
}
