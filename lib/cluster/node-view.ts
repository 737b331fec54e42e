/**
 * One node's view of the shared settings: the pair's values with this node's overrides applied (its
 * own NIC names, its own vrrp_instance and global_defs lines). What renders and what runs on a node
 * both read it, so a per-node value is never lost to the shared one. Pure.
 */
import type { ClusterDefinition } from "./schema/definition";
import type { NodeDefinition } from "./schema/keepalived";

export interface NodeView {
  /** The interface VRRP adverts use on this node. */
  interface: string;
  vips: ClusterDefinition["vips"];
  extra: string[];
  globalExtra: string[];
}

export function nodeView(definition: ClusterDefinition, node: NodeDefinition): NodeView {
  const own = node.overrides ?? {};
  const vips = definition.vips.map((vip, i) => ({
    ...vip,
    interface: own.vipInterfaces?.[i] ?? vip.interface,
  }));
  return {
    interface: own.interface ?? definition.vrrp.interface ?? vips[0]?.interface ?? "eth0",
    vips,
    extra: own.extra ?? definition.vrrp.extra,
    globalExtra: own.globalExtra ?? definition.keepalived.globalExtra,
  };
}

/** The track scripts the pair's instance tracks (the others are defined for other instances only). */
export function trackedScripts(
  definition: Pick<ClusterDefinition, "vrrp">,
): ClusterDefinition["vrrp"]["trackScripts"] {
  return definition.vrrp.trackScripts.filter((s) => s.tracked);
}
