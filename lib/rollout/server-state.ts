/**
 * The server-state file a reload will load, made fit for the new config. HAProxy 2.6 restores a
 * server's address and port from that file over the config (seen: a server moved to another port kept
 * answering on the old one after the reload), so the lines of servers whose address or port the new
 * config changes are left out: those servers start from the config, the others keep DRAIN/MAINT. Pure.
 */
import type { ClusterDefinition } from "@/lib/cluster/definition";

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function serverStateForConfig(
  dumpText: string,
  definition: ClusterDefinition,
): { text: string; dropped: string[] } {
  const lines = dumpText.replace(/\n+$/, "").split("\n");
  const header = lines[1]?.replace(/^#\s*/, "").trim().split(/\s+/) ?? [];
  const [be, srv, addr, port] = ["be_name", "srv_name", "srv_addr", "srv_port"].map((name) =>
    header.indexOf(name),
  );
  if ([be, srv, addr, port].some((i) => i === undefined || i < 0)) return { text: dumpText, dropped: [] };
  const wanted = new Map<string, { address: string; port: number }>(
    definition.haproxy.backends.flatMap((b) => b.servers.map((s) => [`${b.name}/${s.name}`, s] as const)),
  );
  const dropped: string[] = [];
  const kept = lines.filter((line, index) => {
    if (index < 2 || line.trim() === "") return true;
    const fields = line.trim().split(/\s+/);
    const key = `${fields[be as number]}/${fields[srv as number]}`;
    const server = wanted.get(key);
    if (!server) return true;
    const moved =
      String(server.port) !== fields[port as number] ||
      (IPV4.test(server.address) && server.address !== fields[addr as number]);
    if (moved) dropped.push(key);
    return !moved;
  });
  return { text: `${kept.join("\n")}\n`, dropped };
}
