/**
 * One server action on one node, over the HAProxy runtime API through lib/ssh: set the state, read
 * every server's state back, and save that dump as the node's server-state file so that any later
 * reload (by hapair or by hand) keeps it.
 */
import {
  expectedAdminState,
  parseServersState,
  parseSetServerReply,
  setServerStateCommand,
  SHOW_SERVERS_STATE,
  type ServerStateDump,
} from "@/lib/runtime-api/runtime-commands";
import type { NodeActionResult, ServerActionRequest } from "@/lib/runtime-api/server-action";
import type { ClusterDefinition } from "@/lib/cluster/definition";
import type { SshPool, SshTarget } from "@/lib/ssh";
import { errorMessage } from "@/lib/error-message";

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

export async function applyOnNode(
  pool: SshPool,
  /** The node's SSH target, or why there is none. */
  node: { name: string; target: SshTarget | string },
  spec: NodeRuntimeSpec,
  request: ServerActionRequest,
  signal: AbortSignal,
): Promise<NodeActionResult> {
  const started = Date.now();
  const result = (fields: Omit<NodeActionResult, "node" | "at" | "durationMs">): NodeActionResult => ({
    node: node.name,
    ...fields,
    at: new Date().toISOString(),
    durationMs: Date.now() - started,
  });
  const { target } = node;
  if (typeof target === "string") return result({ ok: false, error: target, stateSaved: false });
  try {
    const reply = parseSetServerReply(
      await pool.socket(
        target,
        spec.adminSocket,
        setServerStateCommand(request.backend, request.server, request.action),
        { signal },
      ),
    );
    if (!reply.ok) return result({ ok: false, error: `HAProxy: ${reply.error}`, stateSaved: false });
    const dump = await saveServerState(pool, target, spec, signal);
    const adminState = dump.servers.find(
      (s) => s.backend === request.backend && s.server === request.server,
    )?.adminState;
    const expected = expectedAdminState(request.action);
    if (adminState !== expected) {
      return result({
        ok: false,
        error: `the server reads back as ${adminState ?? "missing"}, not ${expected}`,
        adminState,
        stateSaved: spec.keepServerState,
      });
    }
    return result({ ok: true, adminState, stateSaved: spec.keepServerState });
  } catch (error) {
    return result({
      ok: false,
      error: errorMessage(error),
      stateSaved: false,
    });
  }
}
