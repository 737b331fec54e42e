/**
 * The ARP truth checks' commands and their parsers (issue 21 item 3): iputils `arping -c 1 -w 1 -I IF VIP`
 * run on the peer node, `ip neigh show VIP` on the witness host, and each node's MAC from sysfs. Pure
 * (agents/arp-truth/check.ts runs them over lib/ssh). MACs come out lower case.
 */

/** One ARP request for the VIP out of the node's interface, waiting at most 1 s for the answers. */
export function arpingArgv(interfaceName: string, vip: string): string[] {
  return ["arping", "-c", "1", "-w", "1", "-I", interfaceName, vip];
}

/** The witness host's neighbour entry for the VIP. */
export function neighbourArgv(vip: string): string[] {
  return ["ip", "neigh", "show", vip];
}

/** The node's MAC on an interface. */
export function macArgv(interfaceName: string): string[] {
  return ["cat", `/sys/class/net/${interfaceName}/address`];
}

const MAC = /([0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})/;

/** The MACs that answered (normally one; two is a duplicate address on the segment). */
export function parseArpingReplies(output: string, vip: string): string[] {
  const macs = new Set<string>();
  for (const line of output.split("\n")) {
    const match = /^Unicast reply from (\S+) \[([^\]]+)\]/.exec(line.trim());
    if (!match || match[1] !== vip) continue;
    const mac = MAC.exec(match[2] ?? "")?.[1];
    if (mac) macs.add(mac.toLowerCase());
  }
  return [...macs].sort();
}

export interface NeighbourEntry {
  /** null for an entry without a link address (INCOMPLETE, FAILED). */
  mac: string | null;
  /** REACHABLE, STALE, DELAY, PROBE, FAILED, INCOMPLETE, PERMANENT, NOARP… */
  state: string;
  device: string | null;
}

/** `ip neigh show VIP`: the witness's entry for the VIP, or null when it has none. */
export function parseNeighbour(output: string, vip: string): NeighbourEntry | null {
  for (const line of output.split("\n")) {
    const words = line.trim().split(/\s+/);
    if (words[0] !== vip) continue;
    const at = (keyword: string) => {
      const index = words.indexOf(keyword);
      return index >= 0 ? (words[index + 1] ?? null) : null;
    };
    const mac = at("lladdr");
    const last = words[words.length - 1] ?? "";
    return {
      mac: mac && MAC.test(mac) ? mac.toLowerCase() : null,
      state: /^[A-Z_]+$/.test(last) ? last : "?",
      device: at("dev"),
    };
  }
  return null;
}

/** `cat /sys/class/net/IF/address`. */
export function parseMac(output: string): string | null {
  const text = output.trim();
  return /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}$/.test(text) ? text.toLowerCase() : null;
}
