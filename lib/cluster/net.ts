/** IPv4 arithmetic for subnet rules. Pure. */

export function ipv4ToInt(address: string): number {
  return address.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function networkOf(address: string, prefix: number): string {
  const n = (ipv4ToInt(address) & mask(prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (n >>> shift) & 255).join(".") + `/${prefix}`;
}

export function inSubnet(address: string, network: string, prefix: number): boolean {
  return (ipv4ToInt(address) & mask(prefix)) >>> 0 === (ipv4ToInt(network) & mask(prefix)) >>> 0;
}

/** The L2 segment a VIP lives on, as hapair identifies it for VRID collisions: network and interface. */
export function segmentOf(vip: { address: string; prefix: number; interface: string }): string {
  return `${networkOf(vip.address, vip.prefix)}@${vip.interface}`;
}
