/**
 * One server action on one node, over the HAProxy runtime API through lib/ssh: set the state, read
 * every server's state back, and save that dump as the node's server-state file so that any later
 * reload (by hapair or by hand) keeps it.
 */
import {
  expectedAdminState,
  parseSetServerReply,
  resetServerWeightCommand,
  setServerStateCommand,
} from "@/lib/runtime-api/runtime-commands";
import type { NodeActionResult, ServerActionRequest } from "@/lib/runtime-api/server-action";
import type { SshPool, SshTarget } from "@/lib/ssh";
import { saveServerState, type NodeRuntimeSpec } from "../runtime/server-state";
import { errorMessage } from "@/lib/error-message";

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
    const commands = [setServerStateCommand(request.backend, request.server, request.action)];
    if (request.align) commands.push(resetServerWeightCommand(request.backend, request.server));
    for (const command of commands) {
      const reply = parseSetServerReply(await pool.socket(target, spec.adminSocket, command, { signal }));
      if (!reply.ok) return result({ ok: false, error: `HAProxy: ${reply.error}`, stateSaved: false });
    }
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
