/**
 * `peers` in a shared haproxy.cfg: the file is identical on both nodes, so each node finds itself in a
 * peers section by its local peer name, which is `localpeer` in global, else the host name (the node's
 * name in the definition). A literal `localpeer` names the same peer on both nodes; a node missing from
 * a section does not sync its stick tables. Names from environment variables are the node's business
 * and are not judged. Pure.
 */
import type { ClusterDefinition } from "../schema/definition";
import { haproxyLine } from "../haproxy-line";
import type { FieldIssue } from "./types";

export function peersIssues(definition: ClusterDefinition): FieldIssue[] {
  const { haproxy, nodes } = definition;
  const sections = haproxy.sections.flatMap((section, i) =>
    section.kind === "peers" ? [{ section, i }] : [],
  );
  if (sections.length === 0) return [];
  const localpeer = haproxy.global.extra.flatMap((line, i) => {
    const { words, variable } = haproxyLine(line);
    return words[0]?.toLowerCase() === "localpeer"
      ? [{ i, name: words[1] ?? "", variable: !!variable[1] }]
      : [];
  });
  const last = localpeer[localpeer.length - 1];
  if (last?.variable) return [];
  if (last)
    return [
      {
        path: `haproxy.global.extra.${last.i}`,
        message: `localpeer "${last.name}" is the same on both nodes (haproxy.cfg is shared), so ${nodes.map((n) => n.name).join(" and ")} would both be that peer: remove it (each node then uses its host name) or take it from an environment variable`,
      },
    ];
  const issues: FieldIssue[] = [];
  for (const { section, i } of sections) {
    const names: string[] = [];
    let unknown = false;
    for (const line of section.lines) {
      const { words, variable } = haproxyLine(line);
      const keyword = words[0]?.toLowerCase();
      if ((keyword === "peer" || keyword === "server") && words[1]) {
        names.push(words[1]);
        unknown ||= !!variable[1];
      }
    }
    if (unknown) continue;
    for (const node of nodes) {
      if (names.includes(node.name)) continue;
      issues.push({
        path: `haproxy.sections.${i}.lines`,
        message:
          `peers ${section.name ?? ""}: no peer named ${node.name}, the host name HAProxy takes as that node's local peer name (haproxy.cfg is the same on both nodes): add "peer ${node.name} ${node.address}:PORT"`.replace(
            "peers : ",
            "peers: ",
          ),
      });
    }
  }
  return issues;
}
