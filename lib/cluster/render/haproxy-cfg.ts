/** Renders the one haproxy.cfg both nodes run. Pure and deterministic: same definition, same bytes. */
import type { ClusterDefinition } from "../schema/definition";
import {
  TIMEOUT_NAMES,
  type BackendDefinition,
  type FrontendDefinition,
  type HaproxyDefinition,
  type ServerDefinition,
} from "../schema/haproxy";
import { joinSections, section as plainSection, when } from "./lines";

/** A section, between `.if COND` and `.endif` when the whole section is conditional, below the operator's comments. */
function section(header: string, body: string[], condition?: string, comments: string[] = []): string {
  const text = plainSection(header, body);
  return [...comments, condition ? `.if ${condition}\n${text}\n.endif` : text].join("\n");
}

function globalSection(global: HaproxyDefinition["global"], serverStateFile: string): string {
  const socket = global.statsSocket;
  return section(
    "global",
    [
      ...global.logs.map((log) => ["log", log.target, log.facility, ...when(log.level, log.level)].join(" ")),
      ...when(global.maxconn !== undefined, `maxconn ${global.maxconn}`),
      ...when(global.user, `user ${global.user}`),
      ...when(global.group, `group ${global.group}`),
      ...when(global.daemon, "daemon"),
      `stats socket ${socket.path} mode ${socket.mode} level ${socket.level}`,
      ...when(global.keepServerState, `server-state-file ${serverStateFile}`),
      ...global.extra,
    ],
    undefined,
    global.comments,
  );
}

/** `KIND [NAME] [from DEFAULTS]`. */
function header(kind: string, name: string | undefined, from: string | undefined): string {
  return [kind, ...when(name, name ?? ""), ...when(from, "from", from ?? "")].join(" ");
}

function defaultsSection(
  defaults: HaproxyDefinition["moreDefaults"][number],
  keepServerState: boolean,
): string {
  return section(
    header("defaults", defaults.name, defaults.from),
    [
      ...when(defaults.logGlobal, "log global"),
      ...when(keepServerState, "load-server-state-from-file global"),
      ...when(defaults.mode, `mode ${defaults.mode}`),
      ...defaults.options.map((option) => `option ${option}`),
      ...TIMEOUT_NAMES.flatMap((name) =>
        when(defaults.timeouts[name], `timeout ${name} ${defaults.timeouts[name]}`),
      ),
      ...when(defaults.retries !== undefined, `retries ${defaults.retries}`),
      ...defaults.extra,
    ],
    undefined,
    defaults.comments,
  );
}

function bindLine(bind: FrontendDefinition["binds"][number]): string {
  const words = ["bind", `${bind.address}:${bind.port}`];
  if (bind.tls)
    words.push(
      "ssl",
      "crt",
      bind.tls.certificate,
      ...when(bind.tls.alpn.length > 0, "alpn", bind.tls.alpn.join(",")),
    );
  return words.join(" ");
}

/**
 * HTTP-01 answers from a map both nodes edit at run time (`add map`/`del map`), no reload: the token is
 * the path's 4th field; a token not in the map falls through to the frontend's own rules. First among
 * the http-request rules, so the HTTPS redirect does not catch the CA's plain-HTTP request.
 */
export function acmeChallengeLine(map: string): string {
  const lookup = `path,field(4,/),map(${map})`;
  return `http-request return status 200 content-type text/plain lf-string "%[${lookup}]" if { path_beg /.well-known/acme-challenge/ } { ${lookup} -m found }`;
}

/** A frontend the CA's HTTP-01 request reaches: an HTTP one with a plain bind on port 80. */
export function answersAcme(frontend: FrontendDefinition, defaultMode: string | undefined): boolean {
  return (frontend.mode ?? defaultMode) === "http" && frontend.binds.some((b) => b.port === 80 && !b.tls);
}

function frontendSection(
  frontend: FrontendDefinition,
  acmeMap: string | undefined,
  defaultMode: string,
): string {
  return section(
    header("frontend", frontend.name, frontend.from),
    [
      ...when(frontend.mode, `mode ${frontend.mode}`),
      ...frontend.binds.map(bindLine),
      ...when(acmeMap !== undefined && answersAcme(frontend, defaultMode), acmeChallengeLine(acmeMap ?? "")),
      ...when(frontend.httpsRedirect, "http-request redirect scheme https code 301 unless { ssl_fc }"),
      ...frontend.extra,
      ...when(frontend.defaultBackend, `default_backend ${frontend.defaultBackend}`),
    ],
    frontend.condition,
    frontend.comments,
  );
}

function serverLine(server: ServerDefinition): string {
  return [
    "server",
    server.name,
    `${server.address}:${server.port}`,
    ...when(server.check, "check"),
    ...when(server.weight !== undefined, `weight ${server.weight}`),
    ...when(server.backup, "backup"),
    ...when(server.extra?.trim(), server.extra?.trim() ?? ""),
  ].join(" ");
}

function backendSection(backend: BackendDefinition): string {
  const check = backend.healthCheck;
  const ds = backend.defaultServer;
  const defaultServer = ds
    ? [
        ...when(ds.inter, `inter ${ds.inter}`),
        ...when(ds.fall, `fall ${ds.fall}`),
        ...when(ds.rise, `rise ${ds.rise}`),
        ...when(ds.maxconn, `maxconn ${ds.maxconn}`),
      ]
    : [];
  return section(
    header("backend", backend.name, backend.from),
    [
      ...when(backend.mode, `mode ${backend.mode}`),
      ...when(backend.balance, `balance ${backend.balance}`),
      ...when(
        check,
        `option httpchk ${check?.method} ${check?.path}`,
        `http-check expect status ${check?.expectStatus}`,
      ),
      ...when(defaultServer.length > 0, `default-server ${defaultServer.join(" ")}`),
      ...backend.extra,
      ...backend.servers.map(serverLine),
    ],
    backend.condition,
    backend.comments,
  );
}

export function renderHaproxyCfg(definition: ClusterDefinition): string {
  const { haproxy } = definition;
  return joinSections([
    `# Managed by hapair (cluster ${definition.name}); identical on both nodes.\n# Edits made on a node show up as drift and are replaced by the next rollout.\n${globalSection(haproxy.global, definition.paths.serverStateFile)}`,
    // HAProxy gives a proxy the last defaults section above it: each proxy follows the one it had.
    ...[haproxy.defaults, ...haproxy.moreDefaults].flatMap((defaults, i) => {
      const follows = (proxy: { afterDefaults?: number }) => (proxy.afterDefaults ?? 0) === i;
      return [
        defaultsSection(defaults, i === 0 && haproxy.global.keepServerState),
        ...haproxy.frontends
          .filter(follows)
          .map((f) => frontendSection(f, definition.acme?.challengeMap, defaults.mode ?? "tcp")),
        ...haproxy.backends.filter(follows).map(backendSection),
        ...haproxy.sections
          .filter(follows)
          .map((raw) =>
            section(header(raw.kind, raw.name, raw.from), raw.lines, raw.condition, raw.comments),
          ),
      ];
    }),
    ...when(haproxy.endComments?.length, (haproxy.endComments ?? []).join("\n")),
  ]);
}
