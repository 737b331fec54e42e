/**
 * Which backend servers the definition declares. A node's `show stat` may report others (a node
 * configured by hand, or a hostile one inventing names): those are never evaluated by the alert rules,
 * only listed once as "unknown on node". Pure.
 */
import type { ClusterDefinition } from "@/lib/cluster/definition";

/** Backend (or listen section) name → the server names declared in it. */
export type DeclaredServers = Record<string, string[]>;

/** How many unknown names a view lists; the rest is a count. */
export const UNKNOWN_LISTED_MAX = 20;

export function declaredServers(definition: ClusterDefinition): DeclaredServers {
  const declared: DeclaredServers = {};
  for (const backend of definition.haproxy.backends)
    declared[backend.name] = backend.servers.map((server) => server.name);
  // A listen section is a proxy too; its servers are in its raw lines.
  for (const section of definition.haproxy.sections) {
    if (section.kind !== "listen" || section.name === undefined) continue;
    declared[section.name] = section.lines.flatMap((line) => /^\s*server\s+(\S+)/.exec(line)?.[1] ?? []);
  }
  return declared;
}

export function isDeclared(declared: DeclaredServers, backend: string, server: string): boolean {
  return Object.hasOwn(declared, backend) && (declared[backend]?.includes(server) ?? false);
}

/** The servers nodes report that the definition does not declare, as "backend/server", once each, sorted. */
export function unknownServers(
  declared: DeclaredServers,
  reported: { backend: string; server: string }[],
): string[] {
  const unknown = new Set<string>();
  for (const { backend, server } of reported)
    if (!isDeclared(declared, backend, server)) unknown.add(`${backend}/${server}`);
  return [...unknown].sort();
}
