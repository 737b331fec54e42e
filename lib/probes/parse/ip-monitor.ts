/** Parses lines of `ip -o -ts monitor address`: one address added or deleted per line. Pure. */

export interface AddressChange {
  kind: "added" | "deleted";
  interfaceName: string;
  family: "inet" | "inet6";
  address: string;
  prefixLength: number;
}

// e.g. "[2026-11-24T20:01:02.123456] 2: eth0    inet 10.0.0.100/24 scope global secondary eth0"
//      "[...] Deleted 2: eth0    inet 10.0.0.100/24 scope global secondary eth0"
const LINE = /^(?:\[[^\]]*\]\s*)?(Deleted\s+)?\d+:\s+(\S+)\s+(inet6?)\s+([0-9a-fA-F:.]+)\/(\d+)\b/;

export function parseIpMonitorLine(line: string): AddressChange | null {
  const match = LINE.exec(line.trim());
  if (!match) return null;
  const [, deleted, interfaceName, family, address, prefix] = match;
  if (!interfaceName || !address || !prefix) return null;
  return {
    kind: deleted ? "deleted" : "added",
    interfaceName,
    family: family === "inet6" ? "inet6" : "inet",
    address,
    prefixLength: Number(prefix),
  };
}
