/** Parses `ip -j addr show` output into the addresses each interface carries. Pure. */
import { parseJsonArray } from "./json-array";

export interface InterfaceAddress {
  family: "inet" | "inet6";
  address: string;
  prefixLength: number;
  secondary: boolean;
}

export interface InterfaceAddresses {
  name: string;
  up: boolean;
  addresses: InterfaceAddress[];
}

interface RawAddrInfo {
  family?: unknown;
  local?: unknown;
  prefixlen?: unknown;
  secondary?: unknown;
}

interface RawInterface {
  ifname?: unknown;
  operstate?: unknown;
  flags?: unknown;
  addr_info?: unknown;
}

export function parseIpAddrJson(text: string): InterfaceAddresses[] {
  return parseJsonArray<RawInterface>(text, "ip -j addr: expected a JSON array").flatMap((entry) => {
    if (typeof entry?.ifname !== "string") return [];
    const flags = Array.isArray(entry.flags) ? entry.flags : [];
    const infos: RawAddrInfo[] = Array.isArray(entry.addr_info) ? entry.addr_info : [];
    return [
      {
        name: entry.ifname,
        up: flags.includes("UP"),
        addresses: infos.flatMap((info) =>
          (info.family === "inet" || info.family === "inet6") &&
          typeof info.local === "string" &&
          typeof info.prefixlen === "number"
            ? [
                {
                  family: info.family,
                  address: info.local,
                  prefixLength: info.prefixlen,
                  secondary: info.secondary === true,
                },
              ]
            : [],
        ),
      },
    ];
  });
}

/** The VIPs (plain addresses, no prefix) among the given ones that a node's interfaces carry. */
export function vipsHeld(interfaces: InterfaceAddresses[], vips: string[]): string[] {
  const present = new Set(interfaces.flatMap((iface) => iface.addresses.map((a) => a.address)));
  return vips.filter((vip) => present.has(vip));
}
