/** Rules that make two nodes a working VRRP pair. Pure. */
import { inSubnet, segmentOf } from "../net";
import type { ClusterDefinition } from "../schema/definition";
import type { FieldIssue, ValidationContext } from "./types";

/** The node that holds the VIP when both run: the MASTER, or with both BACKUP (nopreempt) the higher priority. */
export function masterIndex(definition: ClusterDefinition): 0 | 1 {
  const [a, b] = definition.nodes;
  if (a.role !== b.role) return b.role === "MASTER" ? 1 : 0;
  return b.priority > a.priority ? 1 : 0;
}

export function pairIssues(definition: ClusterDefinition): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const [a, b] = definition.nodes;
  if (a.name === b.name) issues.push({ path: "nodes.1.name", message: "the two nodes need different names" });
  if (a.address === b.address)
    issues.push({ path: "nodes.1.address", message: "the two nodes need different addresses" });
  // Both BACKUP is keepalived's nopreempt setup (priority elects the first master); two MASTERs fight at start.
  if (a.role === "MASTER" && b.role === "MASTER")
    issues.push({
      path: "nodes.1.role",
      message: "both nodes start as MASTER: make one BACKUP (or both BACKUP and let priority decide)",
    });
  if (a.priority === b.priority)
    issues.push({ path: "nodes.1.priority", message: "the two priorities must differ" });
  const m = masterIndex(definition);
  const master = definition.nodes[m];
  const backup = definition.nodes[m === 0 ? 1 : 0];
  if (master.priority < backup.priority) {
    issues.push({
      path: `nodes.${m}.priority`,
      message: `the MASTER's priority (${master.priority}) must be higher than the BACKUP's (${backup.priority})`,
    });
  }
  return issues;
}

export function vipIssues(definition: ClusterDefinition): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  const nodeAddresses = new Set(definition.nodes.map((n) => n.address));
  definition.nodes.forEach((node, i) => {
    const own = node.overrides?.vipInterfaces;
    if (own && own.length !== definition.vips.length)
      issues.push({
        path: `nodes.${i}.overrides.vipInterfaces`,
        message: `one interface per VIP, in the order of vips (${definition.vips.length}), not ${own.length}`,
      });
  });
  definition.vips.forEach((vip, i) => {
    // The same address again with other options (a second label) is valid keepalived; the same line twice is a slip.
    const line = `${vip.address}/${vip.prefix} ${vip.interface} ${vip.options ?? ""}`;
    if (seen.has(line)) issues.push({ path: `vips.${i}.address`, message: `${vip.address} is listed twice` });
    seen.add(line);
    if (nodeAddresses.has(vip.address))
      issues.push({
        path: `vips.${i}.address`,
        message: `${vip.address} is a node's own address, not a floating one`,
      });
    // A /32 VIP (keepalived's default without a prefix) lives beside the node's own subnet.
    if (vip.prefix < 32)
      definition.nodes.forEach((node) => {
        if (!inSubnet(node.address, vip.address, vip.prefix)) {
          issues.push({
            path: `vips.${i}.address`,
            message: `${vip.address}/${vip.prefix} is not in the subnet of ${node.name} (${node.address})`,
          });
        }
      });
  });
  return issues;
}

/** The article's gotcha: a VRID shared with another group on the same segment causes bizarre failovers. */
export function vridIssues(definition: ClusterDefinition, context: ValidationContext): FieldIssue[] {
  const segments = new Set(definition.vips.map(segmentOf));
  const clash = context.otherClusters.find(
    (other) =>
      other.name !== definition.name &&
      other.virtualRouterId === definition.vrrp.virtualRouterId &&
      other.segments.some((s) => segments.has(s)),
  );
  return clash
    ? [
        {
          path: "vrrp.virtualRouterId",
          message: `VRID ${definition.vrrp.virtualRouterId} is already used by cluster "${clash.name}" on the same segment`,
        },
      ]
    : [];
}
