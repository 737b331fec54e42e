/**
 * Renders one keepalived.conf per node. The two files differ only in per-node fields (router_id,
 * state, priority, unicast addresses, the operator's notify, and a node's overrides: its NIC names and
 * own lines); everything else, the VIP set above all, is identical, because peers with different VIP
 * sets both become MASTER.
 */
import type { ClusterDefinition } from "../schema/definition";
import type { NodeDefinition, TrackScript } from "../schema/keepalived";
import { nodeView, trackedScripts } from "../node-view";
import { block, joinSections, when } from "./lines";
import { notifyLines } from "./notify-script";

function trackScriptBlock(script: TrackScript): string[] {
  return block(`vrrp_script ${script.name}`, [
    `script "${script.script}"`,
    `interval ${script.interval}`,
    ...when(script.timeout !== undefined, `timeout ${script.timeout}`),
    // No weight line for 0: keepalived then puts the instance in FAULT when the script fails.
    ...when(script.weight !== 0, `weight ${script.weight}`),
    `fall ${script.fall}`,
    `rise ${script.rise}`,
    ...script.extra,
  ]);
}

function instanceBlock(definition: ClusterDefinition, node: NodeDefinition, peer: NodeDefinition): string[] {
  const { vrrp } = definition;
  const view = nodeView(definition, node);
  // nopreempt and preempt_delay only work when both nodes start as BACKUP (keepalived -t refuses
  // preempt_delay with state MASTER); priority still elects the first master.
  const state = vrrp.nopreempt || vrrp.preemptDelay !== undefined ? "BACKUP" : node.role;
  return block(`vrrp_instance ${vrrp.instanceName}`, [
    `state ${state}`,
    `interface ${view.interface}`,
    `virtual_router_id ${vrrp.virtualRouterId}`,
    `priority ${node.priority}`,
    `advert_int ${vrrp.advertInt}`,
    ...when(vrrp.nopreempt, "nopreempt"),
    ...when(vrrp.preemptDelay !== undefined, `preempt_delay ${vrrp.preemptDelay}`),
    ...when(
      vrrp.mode === "unicast",
      `unicast_src_ip ${node.address}${node.addressPrefix !== undefined ? `/${node.addressPrefix}` : ""}`,
      ...block("unicast_peer", [peer.address]),
    ),
    ...when(vrrp.authPass, ...block("authentication", ["auth_type PASS", `auth_pass ${vrrp.authPass}`])),
    ...block(
      "virtual_ipaddress",
      view.vips.map((vip) =>
        [`${vip.address}/${vip.prefix} dev ${vip.interface}`, ...when(vip.options, vip.options ?? "")].join(
          " ",
        ),
      ),
    ),
    ...when(
      trackedScripts(definition).length > 0,
      ...block(
        "track_script",
        trackedScripts(definition).map((s) =>
          [s.name, ...when(s.instanceWeight !== undefined, `weight ${s.instanceWeight}`)].join(" "),
        ),
      ),
    ),
    ...notifyLines(definition, node, view.extra),
    ...view.extra,
  ]);
}

export function renderKeepalivedConf(definition: ClusterDefinition, nodeName: string): string {
  const index = definition.nodes.findIndex((n) => n.name === nodeName);
  const node = definition.nodes[index];
  const peer = definition.nodes[index === 0 ? 1 : 0];
  if (!node || !peer) throw new Error(`node ${nodeName} is not part of cluster ${definition.name}`);
  const globalDefs = block("global_defs", [
    `router_id ${node.routerId}`,
    "enable_script_security",
    `script_user ${definition.keepalived.scriptUser}`,
    `reload_check_config ${definition.paths.keepalivedReloadCheckLog}`,
    ...nodeView(definition, node).globalExtra,
  ]);
  // The node's own comments, each above the block it was above in the imported file.
  const comments = node.comments ?? {};
  return joinSections([
    [
      `# Managed by hapair (cluster ${definition.name}, node ${node.name}); only per-node fields differ from the peer's.`,
      ...(comments.globalDefs ?? []),
      ...globalDefs,
    ].join("\n"),
    ...definition.vrrp.trackScripts.map((script) =>
      [...(comments.scripts?.[script.name] ?? []), ...trackScriptBlock(script)].join("\n"),
    ),
    [...(comments.instance ?? []), ...instanceBlock(definition, node, peer)].join("\n"),
    ...definition.keepalived.extraBlocks.map((lines) => lines.join("\n")),
    ...node.extraBlocks.map((lines) => lines.join("\n")),
    ...when(comments.end?.length, (comments.end ?? []).join("\n")),
  ]);
}
