/**
 * The keepalived notify hook, identical on both nodes. keepalived runs it on every state change as
 * `TYPE NAME STATE PRIORITY`; it keeps one `NAME STATE PRIORITY EPOCH` line per instance in the state
 * file the poller reads (lib/probes/parse/keepalived-state.ts). Replaced atomically so a reader never
 * sees half a file. The file alone can lie (it says MASTER forever after keepalived dies); the poller
 * cross-checks it with the process and the VIP.
 */
import type { ClusterDefinition } from "../schema/definition";

export function renderNotifyScript(definition: ClusterDefinition): string {
  const stateFile = definition.paths.keepalivedStateFile;
  return `#!/bin/sh
# Managed by hapair (cluster ${definition.name}): keepalived state hook, identical on both nodes.
[ "$1" = INSTANCE ] || exit 0
state_file=${stateFile}
mkdir -p "\${state_file%/*}"
tmp="$state_file.$$"
{ grep -v "^$2 " "$state_file" 2>/dev/null; echo "$2 $3 \${4:-} $(date +%s)"; } > "$tmp"
mv -f "$tmp" "$state_file"
`;
}

const HOOK_STATES = ["MASTER", "BACKUP", "FAULT", "STOP"] as const;

/** The states whose `notify_<state>` line the operator wrote, so hapair's hook cannot take that slot. */
export function takenNotifyStates(instanceLines: string[]): string[] {
  return HOOK_STATES.filter((s) =>
    instanceLines.some((l) => l.trim().startsWith(`notify_${s.toLowerCase()} `)),
  );
}

/**
 * The instance's notify lines. keepalived runs one `notify` script per instance; when the node has the
 * operator's own, it stays as written and hapair's hook hears each state through `notify_<state>`
 * instead, with the arguments `notify` would have given it (the node's priority as configured).
 */
export function notifyLines(
  definition: ClusterDefinition,
  node: { notify?: string; priority: number },
  instanceLines: string[],
): string[] {
  const hook = definition.paths.notifyScript;
  if (!node.notify) return [`notify "${hook}"`];
  const taken = takenNotifyStates(instanceLines);
  return [
    `notify "${node.notify}"`,
    ...HOOK_STATES.filter((s) => !taken.includes(s)).map(
      (s) =>
        `notify_${s.toLowerCase()} "${hook} INSTANCE ${definition.vrrp.instanceName} ${s} ${node.priority}"`,
    ),
  ];
}
