/**
 * Maps an existing haproxy.cfg onto the structured model. What the model has a field for becomes that
 * field; every other directive is kept verbatim, in order, as a raw line of its section, so nothing
 * of a real-world config is lost. Pure.
 */
import { IPV4 } from "../schema/primitives";
import type { z } from "zod";
import {
  ALPN_PROTOCOLS,
  BALANCE_ALGORITHMS,
  HTTP_METHODS,
  SECTION_KINDS,
  STATS_LEVELS,
  TIMEOUT_NAMES,
  type haproxySchema,
} from "../schema/haproxy";
import type { FieldIssue } from "../rules/types";
import { liftSectionConditions } from "./haproxy-conditions";
import { placeComments } from "./haproxy-comments";
import { splitHaproxySections } from "./haproxy-tokens";

/** Not yet validated: the caller runs the whole definition through the schema and the rules. */
type HaproxyDraft = z.input<typeof haproxySchema>;

const DURATION = /^\d{1,9}(us|ms|s|m|h|d)?$/;
const WORD = /^[A-Za-z0-9._/@%+=:,-]+$/;
const SAFE_PATH = /^\/[A-Za-z0-9._/@%+=:,-]*$/;
const STATS_SOCKET = /^stats socket (\S+) mode ([0-7]{3,4}) level (user|operator|admin)$/;

function isOneOf<T extends string>(list: readonly T[], value: string | undefined): value is T {
  return (list as readonly string[]).includes(value ?? "");
}

function words(line: string): string[] {
  return line.split(/\s+/);
}

function importGlobal(
  lines: string[],
  warnings: FieldIssue[],
  serverState: ImportedServerState,
): NonNullable<HaproxyDraft["global"]> {
  const global = {
    daemon: false,
    logs: [] as { target: string; facility: string; level?: string }[],
    extra: [] as string[],
  } as NonNullable<HaproxyDraft["global"]> & {
    logs: { target: string; facility: string; level?: string }[];
    extra: string[];
  };
  let socketSeen = false;
  for (const line of lines) {
    const socket = socketSeen ? null : STATS_SOCKET.exec(line);
    const w = words(line);
    if (w[0] === "log" && (w.length === 3 || w.length === 4) && WORD.test(w[1] ?? ""))
      global.logs.push({ target: w[1] ?? "", facility: w[2] ?? "", ...(w[3] ? { level: w[3] } : {}) });
    else if (w[0] === "maxconn" && w.length === 2 && /^\d+$/.test(w[1] ?? "")) global.maxconn = Number(w[1]);
    else if ((w[0] === "user" || w[0] === "group") && w.length === 2) global[w[0]] = w[1];
    else if (w[0] === "daemon" && w.length === 1) global.daemon = true;
    else if (
      w[0] === "server-state-file" &&
      w.length === 2 &&
      SAFE_PATH.test(w[1] ?? "") &&
      !serverState.file
    )
      serverState.file = w[1];
    else if (socket && isOneOf(STATS_LEVELS, socket[3])) {
      global.statsSocket = { path: socket[1] ?? "", mode: socket[2] ?? "660", level: socket[3] };
      socketSeen = true;
    } else global.extra.push(line);
  }
  if (!socketSeen)
    warnings.push({
      path: "haproxy.global.statsSocket",
      message:
        "no `stats socket … mode … level …` line: hapair adds the admin socket it needs for live state",
    });
  return global;
}

function importDefaults(
  lines: string[],
  serverState: ImportedServerState,
): NonNullable<HaproxyDraft["moreDefaults"]>[number] {
  const defaults = {
    logGlobal: false,
    options: [] as string[],
    timeouts: {} as Record<string, string>,
    extra: [] as string[],
  } as NonNullable<HaproxyDraft["defaults"]> & {
    options: string[];
    timeouts: Record<string, string>;
    extra: string[];
  };
  for (const line of lines) {
    const w = words(line);
    if (line === "log global") defaults.logGlobal = true;
    else if (line.replace(/\s+/g, " ") === "load-server-state-from-file global") serverState.loaded = true;
    else if (w[0] === "mode" && (w[1] === "http" || w[1] === "tcp") && w.length === 2) defaults.mode = w[1];
    else if (w[0] === "option" && w.length === 2 && WORD.test(w[1] ?? "")) defaults.options.push(w[1] ?? "");
    else if (
      w[0] === "timeout" &&
      w.length === 3 &&
      (TIMEOUT_NAMES as readonly string[]).includes(w[1] ?? "") &&
      DURATION.test(w[2] ?? "") &&
      !defaults.timeouts[w[1] ?? ""]
    )
      defaults.timeouts[w[1] ?? ""] = w[2] ?? "";
    else if (w[0] === "retries" && w.length === 2 && /^\d+$/.test(w[1] ?? ""))
      defaults.retries = Number(w[1]);
    else defaults.extra.push(line);
  }
  return defaults;
}

const REDIRECT = "http-request redirect scheme https code 301 unless { ssl_fc }";

type Alpn = (typeof ALPN_PROTOCOLS)[number];

function parseBind(
  line: string,
): { address: string; port: number; tls?: { certificate: string; alpn: Alpn[] } } | null {
  const m = /^bind (\*|[\d.]+):(\d{1,5})( ssl crt (\S+)( alpn ([\w/.,-]+))?)?$/.exec(
    line.replace(/\s+/g, " "),
  );
  if (!m || (m[1] !== "*" && !IPV4.test(m[1] ?? ""))) return null;
  const words = m[6]?.split(",") ?? [];
  const alpn = words.filter((p) => isOneOf(ALPN_PROTOCOLS, p));
  if (m[4] && (!SAFE_PATH.test(m[4]) || alpn.length !== words.length)) return null;
  return { address: m[1] ?? "", port: Number(m[2]), ...(m[4] ? { tls: { certificate: m[4], alpn } } : {}) };
}

function importFrontend(name: string, lines: string[]): NonNullable<HaproxyDraft["frontends"]>[number] {
  const frontend = {
    name,
    binds: [] as NonNullable<ReturnType<typeof parseBind>>[],
    httpsRedirect: false,
    extra: [] as string[],
  } as {
    name: string;
    mode?: "http" | "tcp";
    binds: NonNullable<ReturnType<typeof parseBind>>[];
    httpsRedirect: boolean;
    defaultBackend?: string;
    extra: string[];
  };
  for (const line of lines) {
    const w = words(line);
    const bind = w[0] === "bind" ? parseBind(line) : null;
    if (bind) frontend.binds.push(bind);
    else if (line.replace(/\s+/g, " ") === REDIRECT && !frontend.httpsRedirect) frontend.httpsRedirect = true;
    else if (w[0] === "default_backend" && w.length === 2 && !frontend.defaultBackend)
      frontend.defaultBackend = w[1];
    else if (w[0] === "mode" && (w[1] === "http" || w[1] === "tcp") && w.length === 2) frontend.mode = w[1];
    else frontend.extra.push(line);
  }
  return frontend;
}

const SERVER_FLAGS = /^server (\S+) ([A-Za-z0-9.-]+):(\d{1,5})((?: \S+)*)$/;

function importServer(
  line: string,
): NonNullable<NonNullable<HaproxyDraft["backends"]>[number]["servers"]>[number] | null {
  const m = SERVER_FLAGS.exec(line.replace(/\s+/g, " "));
  if (!m) return null;
  const server: {
    name: string;
    address: string;
    port: number;
    check: boolean;
    backup: boolean;
    weight?: number;
    extra?: string;
  } = { name: m[1] ?? "", address: m[2] ?? "", port: Number(m[3]), check: false, backup: false };
  const rest: string[] = [];
  const flags = (m[4] ?? "").trim().split(" ").filter(Boolean);
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i];
    if (flag === "check") server.check = true;
    else if (flag === "backup") server.backup = true;
    else if (flag === "weight" && /^\d+$/.test(flags[i + 1] ?? "")) server.weight = Number(flags[++i]);
    else rest.push(flag ?? "");
  }
  if (rest.length > 0) {
    if (rest.some((word) => /[#"'\\]/.test(word))) return null;
    server.extra = rest.join(" ");
  }
  return server;
}

function importBackend(name: string, lines: string[]): NonNullable<HaproxyDraft["backends"]>[number] {
  type Server = NonNullable<ReturnType<typeof importServer>>;
  const backend = { name, servers: [] as Server[], extra: [] as string[] } as {
    name: string;
    mode?: "http" | "tcp";
    balance?: (typeof BALANCE_ALGORITHMS)[number];
    healthCheck?: { method: (typeof HTTP_METHODS)[number]; path: string; expectStatus: number };
    defaultServer?: Record<string, string | number>;
    servers: Server[];
    extra: string[];
  };
  const httpchk = lines.find((l) =>
    /^option httpchk (GET|HEAD|OPTIONS|POST) \/\S*$/.test(l.replace(/\s+/g, " ")),
  );
  const expect = lines.find((l) => /^http-check expect status \d{3}$/.test(l.replace(/\s+/g, " ")));
  if (httpchk && expect) {
    const [, , method, path = "/"] = words(httpchk);
    if (isOneOf(HTTP_METHODS, method))
      backend.healthCheck = { method, path, expectStatus: Number(words(expect)[3]) };
  }
  for (const line of lines) {
    const w = words(line);
    if (backend.healthCheck && (line === httpchk || line === expect)) continue;
    const server = w[0] === "server" ? importServer(line) : null;
    const defaultServer =
      w[0] === "default-server" && !backend.defaultServer ? defaultServerFields(w.slice(1)) : null;
    if (server) backend.servers.push(server);
    else if (w[0] === "balance" && w.length === 2 && !backend.balance && isOneOf(BALANCE_ALGORITHMS, w[1]))
      backend.balance = w[1];
    else if (w[0] === "mode" && (w[1] === "http" || w[1] === "tcp") && w.length === 2) backend.mode = w[1];
    else if (defaultServer) backend.defaultServer = defaultServer;
    else backend.extra.push(line);
  }
  // No balance line: the backend keeps what its defaults section (or HAProxy) gives it.
  return backend;
}

function defaultServerFields(w: string[]): Record<string, string | number> | null {
  const fields: Record<string, string | number> = {};
  for (let i = 0; i < w.length; i += 2) {
    const key = w[i] ?? "";
    const value = w[i + 1] ?? "";
    if (key === "inter" && DURATION.test(value)) fields.inter = value;
    else if ((key === "fall" || key === "rise" || key === "maxconn") && /^\d+$/.test(value))
      fields[key] = Number(value);
    else return null;
  }
  return fields;
}

/** `server-state-file` (global) and `load-server-state-from-file global` (defaults), rendered from fields. */
interface ImportedServerState {
  file?: string;
  loaded: boolean;
}

const PROXIES = new Set(["frontend", "backend", "listen"]);

/** `KIND NAME [from DEFAULTS]` (or `defaults [NAME] [from DEFAULTS]`) as draft fields. */
function headerOf(section: { keyword: string; words: string[] }): {
  names: { name?: string; from?: string };
  defaults: { name?: string; from?: string };
} {
  const [, ...rest] = section.words;
  const at = rest.indexOf("from");
  const name = (at === -1 ? rest[0] : rest.slice(0, at)[0]) ?? undefined;
  const from = at === -1 ? undefined : rest[at + 1];
  const fields = { ...(name ? { name } : {}), ...(from ? { from } : {}) };
  return { names: fields, defaults: fields };
}

export function importHaproxyCfg(text: string): {
  haproxy: HaproxyDraft;
  warnings: FieldIssue[];
  serverStateFile?: string;
} {
  const warnings: FieldIssue[] = [];
  const serverState: ImportedServerState = { loaded: false };
  const split = splitHaproxySections(text);
  const { preamble } = split;
  const sections = liftSectionConditions(split.sections);
  // Comments above lines before the first section belong with that section.
  const first = sections[0];
  const above = preamble.flatMap((d) => d.comments ?? []);
  if (first && above.length > 0) first.comments = [...above, ...(first.comments ?? [])];
  if (preamble.length > 0)
    warnings.push({
      path: "haproxy",
      message: `line ${preamble[0]?.line}: directives before the first section were dropped`,
    });
  const haproxy: HaproxyDraft & {
    frontends: unknown[];
    backends: unknown[];
    sections: unknown[];
    moreDefaults: unknown[];
  } = {
    frontends: [],
    backends: [],
    sections: [],
    moreDefaults: [],
    ...(split.endComments.length > 0 ? { endComments: split.endComments } : {}),
  };
  // Each defaults section in order; a proxy remembers the one above it (afterDefaults) and its `from`.
  let defaultsSeen = 0;
  const early: typeof sections = [];
  for (const section of sections) {
    const lines = section.directives.map((d) => d.text);
    const head = headerOf(section);
    const placed = {
      ...head.names,
      ...(defaultsSeen > 1 ? { afterDefaults: defaultsSeen - 1 } : {}),
      ...(section.condition ? { condition: section.condition } : {}),
    };
    /** The section's raw lines with their comments in place, and its own comments. */
    const commented = <T extends { extra?: string[] }>(draft: T, path: string) => {
      const { kept, comments } = placeComments(
        section,
        section.directives,
        draft.extra ?? [],
        path,
        warnings,
      );
      return { ...draft, extra: kept, ...(comments ? { comments } : {}) };
    };
    if (section.keyword === "global")
      haproxy.global = commented(importGlobal(lines, warnings, serverState), "haproxy.global");
    else if (section.keyword === "defaults") {
      const more = defaultsSeen > 0;
      const path = more ? `haproxy.moreDefaults.${haproxy.moreDefaults.length}` : "haproxy.defaults";
      const defaults = { ...commented(importDefaults(lines, serverState), path), ...head.defaults };
      // The first defaults section has nothing to inherit: without `mode` HAProxy runs tcp, so say it.
      if (defaultsSeen++ === 0) haproxy.defaults = { mode: "tcp", ...defaults };
      else haproxy.moreDefaults.push(defaults);
    } else if (section.keyword === "frontend") {
      const path = `haproxy.frontends.${haproxy.frontends.length}`;
      haproxy.frontends.push({ ...commented(importFrontend(section.name, lines), path), ...placed });
    } else if (section.keyword === "backend") {
      const path = `haproxy.backends.${haproxy.backends.length}`;
      haproxy.backends.push({ ...commented(importBackend(section.name, lines), path), ...placed });
    } else if ((SECTION_KINDS as readonly string[]).includes(section.keyword)) {
      const path = `haproxy.sections.${haproxy.sections.length}`;
      const { extra, ...rest } = commented({ extra: lines }, path);
      haproxy.sections.push({ kind: section.keyword, ...placed, ...rest, lines: extra });
    }
    if (defaultsSeen === 0 && PROXIES.has(section.keyword)) early.push(section);
  }
  // No defaults section at all: hapair still writes one, with HAProxy's own tcp so nothing changes.
  if (defaultsSeen === 0) haproxy.defaults = { mode: "tcp", logGlobal: false };
  else
    for (const section of early)
      warnings.push({
        path: "haproxy",
        message: `line ${section.line}: ${section.keyword} ${section.name} comes before any defaults section; hapair renders it after the first one, so it now inherits those defaults`,
      });
  // hapair keeps server states across reloads unless told not to; an existing setup is kept as it is.
  if (serverState.file && !serverState.loaded)
    warnings.push({
      path: "haproxy.global.keepServerState",
      message: "server-state-file without `load-server-state-from-file global`: hapair renders both",
    });
  // With zero-warning, HAProxy refuses to start while the state file does not exist yet (before the
  // first dump), so a file that did not keep states goes on without them.
  const global = haproxy.global as { extra?: string[]; keepServerState?: boolean } | undefined;
  if (!serverState.file && global?.extra?.some((line) => line.trim() === "zero-warning")) {
    global.keepServerState = false;
    warnings.push({
      path: "haproxy.global.keepServerState",
      message:
        "zero-warning is set and the file keeps no server state: hapair does not add server-state-file (HAProxy warns while it is missing), so runtime drain/maint states end at a reload",
    });
  }
  return { haproxy, warnings, ...(serverState.file ? { serverStateFile: serverState.file } : {}) };
}
