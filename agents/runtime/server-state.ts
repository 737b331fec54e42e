/**
 * The node's server-state file: `show servers state` dumped atomically where HAProxy's
 * `load-server-state-from-file` reads it, so a reload keeps DRAIN and MAINT. Server actions write it
 * after each change, rollouts just before each reload.
 */
import type { ClusterDefinition } from "@/lib/cluster/definition";
import {
  parseServersState,
  SHOW_SERVERS_STATE,
  type ServerStateDump,
} from "@/lib/runtime-api/runtime-commands";
import type { SshPool, SshTarget } from "@/lib/ssh";

export interface NodeRuntimeSpec {
  adminSocket: string;
  serverStateFile: string;
  keepServerState: boolean;
}

export function runtimeSpec(definition: ClusterDefinition): NodeRuntimeSpec {
  return {
    adminSocket: definition.haproxy.global.statsSocket.path,
    serverStateFile: definition.paths.serverStateFile,
    keepServerState: definition.haproxy.global.keepServerState,
  };
}

/**
 * Reads every server's state (`show servers state`) and, unless the cluster opted out, writes it
 * atomically to the node's server-state file: the next reload then keeps DRAIN and MAINT. Rollouts
 * call this just before each reload.
 */
export async function saveServerState(
  pool: SshPool,
  target: SshTarget,
  spec: NodeRuntimeSpec,
  signal: AbortSignal,
  /** What to write instead of the dump as read (a rollout leaves out servers its new config moves). */
  shape: (dump: ServerStateDump) => string = (dump) => dump.text,
): Promise<ServerStateDump> {
  const dump = parseServersState(await pool.socket(target, spec.adminSocket, SHOW_SERVERS_STATE, { signal }));
  if (spec.keepServerState)
    await pool.writeFileAtomic(target, spec.serverStateFile, shape(dump), { mode: 0o644, signal });
  return dump;
}
