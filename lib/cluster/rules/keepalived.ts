/** Raw keepalived lines must stay inside their block: braces balance, no top-level keyword inside. Pure. */
import type { ClusterDefinition } from "../schema/definition";
import { trackedScripts } from "../node-view";
import type { FieldIssue } from "./types";

const TOP_LEVEL = new Set([
  "global_defs",
  "vrrp_instance",
  "vrrp_script",
  "vrrp_sync_group",
  "virtual_server",
  "virtual_server_group",
  "static_ipaddress",
  "static_routes",
  "static_rules",
  "linkbeat_interfaces",
  "garp_group",
  "include",
]);

function braceDelta(line: string): number {
  return (line.match(/\{/g)?.length ?? 0) - (line.match(/\}/g)?.length ?? 0);
}

/** Lines placed inside a block: never close it early, end balanced, open no top-level block. */
function innerIssues(lines: string[], path: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  let depth = 0;
  lines.forEach((line, i) => {
    // keepalived drops the quotes around a word before it looks the keyword up.
    const word = (line.trim().split(/\s+/)[0] ?? "").replace(/"/g, "");
    // `include` is read at any depth: the included file could close the enclosing block.
    if (word === "include")
      issues.push({
        path: `${path}.${i}`,
        message:
          "include is not kept inside a block: hapair renders the whole file, so copy the included lines here",
      });
    else if (depth === 0 && TOP_LEVEL.has(word))
      issues.push({
        path: `${path}.${i}`,
        message: `"${word}" is a top-level block; add it under keepalived.extraBlocks`,
      });
    depth += braceDelta(line);
    if (depth < 0) issues.push({ path: `${path}.${i}`, message: "this '}' would close the enclosing block" });
    depth = Math.max(depth, 0);
  });
  if (depth > 0)
    issues.push({ path, message: "unbalanced '{': every block opened here must be closed here" });
  return issues;
}

/** A whole top-level block: starts with `keyword … {` and ends balanced on its last line. */
function blockIssues(lines: string[], path: string): FieldIssue[] {
  if (lines.length === 0) return [{ path, message: "empty block" }];
  // The operator's comments kept above the block come first.
  const start = Math.max(
    0,
    lines.findIndex((line) => !/^\s*[#!]/.test(line)),
  );
  if (!/^\s*[A-Za-z_]+\b[^{}]*\{\s*$/.test(lines[start] ?? ""))
    return [{ path: `${path}.${start}`, message: "a block starts with `keyword name {`" }];
  let depth = 0;
  for (const [i, line] of lines.entries()) {
    if (i < start) continue;
    depth += braceDelta(line);
    if (depth < 0 || (depth === 0 && i < lines.length - 1))
      return [{ path: `${path}.${i}`, message: "the block closes before its last line" }];
  }
  return depth === 0 ? [] : [{ path, message: "unbalanced '{': the block is not closed" }];
}

/** Settings keepalived silently drops (seen with `keepalived -t`): the pair would lose its protection. */
function droppedSettingIssues(definition: ClusterDefinition): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const { vrrp, keepalived } = definition;
  if (vrrp.nopreempt && vrrp.preemptDelay !== undefined) {
    issues.push({
      path: "vrrp.preemptDelay",
      message: "preempt_delay has no effect with nopreempt (keepalived resets it); remove one of them",
    });
  }
  const syncGroup = keepalived.extraBlocks.findIndex((block) => /^\s*vrrp_sync_group\b/.test(block[0] ?? ""));
  if (syncGroup !== -1 && trackedScripts(definition).some((s) => s.weight !== 0)) {
    issues.push({
      path: `keepalived.extraBlocks.${syncGroup}`,
      message:
        "keepalived ignores weighted track scripts inside a vrrp_sync_group, so a dead HAProxy would keep the VIP; use weight 0 or no sync group",
    });
  }
  return issues;
}

export function keepalivedIssues(definition: ClusterDefinition): FieldIssue[] {
  return [
    ...droppedSettingIssues(definition),
    ...innerIssues(definition.keepalived.globalExtra, "keepalived.globalExtra"),
    ...innerIssues(definition.vrrp.extra, "vrrp.extra"),
    // A node's own lines are checked like the shared ones they replace.
    ...definition.nodes.flatMap((node, i) => [
      ...innerIssues(node.overrides?.extra ?? [], `nodes.${i}.overrides.extra`),
      ...innerIssues(node.overrides?.globalExtra ?? [], `nodes.${i}.overrides.globalExtra`),
    ]),
    ...definition.keepalived.extraBlocks.flatMap((block, i) =>
      blockIssues(block, `keepalived.extraBlocks.${i}`),
    ),
  ];
}
