/**
 * HAProxy runtime API commands for server actions and the parsing of their replies. Pure.
 * Names are schema identifiers (no spaces, ';' or '/'), so a command cannot turn into two.
 */
import type { ServerActionKind } from "./server-action";

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

function checkedName(kind: string, name: string): string {
  if (!NAME.test(name))
    throw new Error(`not a valid ${kind} name for the runtime API: ${JSON.stringify(name)}`);
  return name;
}

export function setServerStateCommand(backend: string, server: string, action: ServerActionKind): string {
  return `set server ${checkedName("backend", backend)}/${checkedName("server", server)} state ${action}`;
}

/** The weight back to the one haproxy.cfg gives the server (HAProxy reads "%" as relative to it). */
export function resetServerWeightCommand(backend: string, server: string): string {
  return `set server ${checkedName("backend", backend)}/${checkedName("server", server)} weight 100%`;
}

export const SHOW_SERVERS_STATE = "show servers state";

/** `set server` answers nothing on success and a sentence on failure (there is no exit code). */
export function parseSetServerReply(reply: string): { ok: true } | { ok: false; error: string } {
  const text = reply.trim();
  return text === ""
    ? { ok: true }
    : { ok: false, error: text.split("\n").slice(0, 3).join(" ").slice(0, 300) };
}

// srv_admin_state bits (HAProxy's SRV_ADMF_*): forced maint, inherited maint, maint from DNS/IP,
// forced drain, inherited drain, resolution failure. Any maint bit wins over drain, as in `show stat`.
const MAINT_BITS = 0x01 | 0x02 | 0x04 | 0x20 | 0x40;
const DRAIN_BITS = 0x08 | 0x10;

export type AdminState = "READY" | "DRAIN" | "MAINT";

export function adminStateOf(bits: number): AdminState {
  if (bits & MAINT_BITS) return "MAINT";
  if (bits & DRAIN_BITS) return "DRAIN";
  return "READY";
}

/** The admin state an action leaves a server in. */
export function expectedAdminState(action: ServerActionKind): AdminState {
  return action === "drain" ? "DRAIN" : action === "maint" ? "MAINT" : "READY";
}

export interface ServerStateDump {
  /** The dump as HAProxy reads it back from `server-state-file` (version line first). */
  text: string;
  servers: { backend: string; server: string; adminState: AdminState }[];
}

/**
 * Parses `show servers state`: a version line ("1"), a "# be_id be_name …" header, one line per
 * server. Anything else (an error sentence, an empty answer) is refused, so a bad answer never
 * overwrites the node's state file.
 */
export function parseServersState(output: string): ServerStateDump {
  const lines = output.replace(/\n+$/, "").split("\n");
  if (lines[0]?.trim() !== "1")
    throw new Error(`unexpected show servers state answer: ${JSON.stringify(output.slice(0, 120))}`);
  const header = lines[1]?.replace(/^#\s*/, "").trim().split(/\s+/) ?? [];
  const col = (name: string) => header.indexOf(name);
  const [be, srv, admin] = [col("be_name"), col("srv_name"), col("srv_admin_state")];
  if (!lines[1]?.startsWith("#") || be < 0 || srv < 0 || admin < 0)
    throw new Error("show servers state: no header with be_name, srv_name, srv_admin_state");
  const servers = lines
    .slice(2)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      const bits = Number(fields[admin]);
      if (!Number.isInteger(bits))
        throw new Error(`show servers state: bad line ${JSON.stringify(line.slice(0, 120))}`);
      return { backend: fields[be] ?? "", server: fields[srv] ?? "", adminState: adminStateOf(bits) };
    });
  return { text: `${lines.join("\n")}\n`, servers };
}
