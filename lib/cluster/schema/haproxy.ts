/** The HAProxy part of a cluster definition: rendered into one haproxy.cfg, identical on both nodes. */
import { z } from "zod";
import {
  absolutePath,
  commentLines,
  duration,
  hostName,
  identifier,
  intIn,
  ipv4,
  port,
  rawLines,
  text,
} from "./primitives";

export const HTTP_METHODS = ["GET", "HEAD", "OPTIONS", "POST"] as const;
export const BALANCE_ALGORITHMS = [
  "roundrobin",
  "static-rr",
  "leastconn",
  "first",
  "source",
  "uri",
  "random",
] as const;
export const STATS_LEVELS = ["user", "operator", "admin"] as const;
export const PROXY_MODES = ["http", "tcp"] as const;
export const TIMEOUT_NAMES = [
  "connect",
  "client",
  "server",
  "http-request",
  "http-keep-alive",
  "queue",
  "check",
  "tunnel",
  "client-fin",
  "server-fin",
] as const;
export const ALPN_PROTOCOLS = ["h2", "http/1.1", "http/1.0"] as const;

/** Comments above a section's header (and above `.if` when it has a condition). */
const comments = commentLines("#").optional();

/** Words safe as one HAProxy argument (log targets, option names). */
const word = (max: number) =>
  text(max).regex(/^[A-Za-z0-9._/@%+=:,-]+$/, "one word of letters, digits and ._/@%+=:,-");

export const logTargetSchema = z.strictObject({
  target: word(256),
  facility: z.enum([
    "kern",
    "user",
    "mail",
    "daemon",
    "auth",
    "syslog",
    "lpr",
    "news",
    "uucp",
    "cron",
    "auth2",
    "ftp",
    "ntp",
    "audit",
    "alert",
    "cron2",
    "local0",
    "local1",
    "local2",
    "local3",
    "local4",
    "local5",
    "local6",
    "local7",
  ]),
  level: z.enum(["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"]).optional(),
});

export const globalSchema = z.strictObject({
  maxconn: intIn(1, 10_000_000).optional(),
  user: identifier.optional(),
  group: identifier.optional(),
  daemon: z.boolean().default(true),
  logs: z.array(logTargetSchema).max(8).default([]),
  statsSocket: z
    .object({
      path: absolutePath.default("/run/haproxy/admin.sock"),
      mode: text(4)
        .regex(/^[0-7]{3,4}$/, "an octal mode such as 660")
        .default("660"),
      level: z.enum(STATS_LEVELS).default("admin"),
    })
    .default({ path: "/run/haproxy/admin.sock", mode: "660", level: "admin" }),
  /**
   * Keep runtime server states (drain, maint) across reloads: `server-state-file` (paths.serverStateFile)
   * and `load-server-state-from-file global`. Off: a reload brings every server back to its configured state.
   */
  keepServerState: z.boolean().default(true),
  extra: rawLines,
  comments,
});

const defaultsFields = {
  /** A named defaults section (`defaults NAME`), which proxies and other defaults can use with `from NAME`. */
  name: identifier.optional(),
  /** `defaults [NAME] from OTHER`: starts from an earlier named defaults section. */
  from: identifier.optional(),
  logGlobal: z.boolean().default(true),
  /** `option NAME` lines, e.g. httplog, dontlognull, forwardfor, http-server-close. */
  options: z.array(word(64)).max(64).default([]),
  timeouts: z.partialRecord(z.enum(TIMEOUT_NAMES), duration).default({}),
  retries: intIn(0, 100).optional(),
  extra: rawLines,
  comments,
};

export const defaultsSchema = z.strictObject({
  ...defaultsFields,
  /** hapair's default is http; an imported file without `mode` gets tcp, HAProxy's own default. */
  mode: z.enum(PROXY_MODES).default("http"),
});

/** A further defaults section: without `mode` it keeps what it inherits (`from`) or HAProxy's tcp. */
export const moreDefaultsSchema = z.strictObject({ ...defaultsFields, mode: z.enum(PROXY_MODES).optional() });

export const bindSchema = z.strictObject({
  /** A VIP, or "*" for all addresses. */
  address: z.union([ipv4, z.literal("*")]),
  port,
  tls: z
    .object({
      certificate: absolutePath,
      alpn: z.array(z.enum(ALPN_PROTOCOLS)).max(3).default([]),
    })
    .optional(),
});

/** A `.if` expression the whole section is inside: rendered as `.if COND` before its header and `.endif` after it. */
const sectionCondition = text(500)
  .regex(/^[^\s#][^#]*$/, "a .if expression (HAProxy's predicates, !, &&, ||), without '#'")
  .optional();

/** What a frontend and a backend both start with: the name, the mode, which defaults it takes, its `.if`. */
const proxyHead = {
  name: identifier,
  mode: z.enum(PROXY_MODES).optional(),
  /** `frontend NAME from DEFAULTS`: takes its defaults from that named defaults section. */
  from: identifier.optional(),
  /** Rendered right after `moreDefaults[N-1]`, so it inherits that section (HAProxy uses the last defaults above a proxy). */
  afterDefaults: intIn(1, 20).optional(),
  condition: sectionCondition,
};

export const frontendSchema = z.strictObject({
  ...proxyHead,
  /** Modelled binds; others (unix sockets, several addresses, options hapair has no field for) stay in `extra`. */
  binds: z.array(bindSchema).max(32).default([]),
  /** Redirect plain HTTP to HTTPS (301), as the article's frontend does. */
  httpsRedirect: z.boolean().default(false),
  defaultBackend: identifier.optional(),
  /** ACLs, http-request rules, use_backend, … in order, after the binds; the comments above them in place. */
  extra: rawLines,
  comments,
});

export const serverSchema = z.strictObject({
  name: identifier,
  address: hostName,
  port,
  check: z.boolean().default(true),
  weight: intIn(0, 256).optional(),
  backup: z.boolean().default(false),
  /** Further server keywords, e.g. "ssl verify none"; one line of words. */
  extra: text(500)
    .regex(/^[^#"'\\]*$/, "server keywords without quotes, '#' or backslashes")
    .optional(),
});

export const healthCheckSchema = z.strictObject({
  method: z.enum(HTTP_METHODS).default("GET"),
  path: text(512).regex(
    /^\/[A-Za-z0-9._~!$&()*+,;=:@%/?-]*$/,
    "a URL path starting with / (no spaces, quotes or '#')",
  ),
  expectStatus: intIn(100, 599).default(200),
});

export const defaultServerSchema = z.strictObject({
  inter: duration.optional(),
  fall: intIn(1, 100).optional(),
  rise: intIn(1, 100).optional(),
  maxconn: intIn(1, 1_000_000).optional(),
});

export const backendSchema = z.strictObject({
  ...proxyHead,
  /** Absent: the defaults section's balance, else HAProxy's roundrobin. */
  balance: z.enum(BALANCE_ALGORITHMS).optional(),
  healthCheck: healthCheckSchema.optional(),
  defaultServer: defaultServerSchema.optional(),
  servers: z.array(serverSchema).max(1000),
  /** Lines placed before the servers (http-request rules, cookie, options). */
  extra: rawLines,
  comments,
});

export const SECTION_KINDS = [
  "listen",
  "userlist",
  "peers",
  "resolvers",
  "mailers",
  "cache",
  "http-errors",
  "ring",
  "program",
  "log-forward",
  "fcgi-app",
  "crt-store",
  "traces",
] as const;

/** Every keyword that opens a section in haproxy.cfg (HAProxy 2.6 and the newer ones seen in the wild). */
export const SECTION_KEYWORDS: ReadonlySet<string> = new Set([
  "global",
  "defaults",
  "frontend",
  "backend",
  ...SECTION_KINDS,
]);

/** Sections the structured model does not cover, kept in order, rendered after the backends. */
export const rawSectionSchema = z.strictObject({
  kind: z.enum(SECTION_KINDS),
  /** Sections like `cache` and `program` need one; a few kinds (e.g. `ring`, `traces`) may be nameless in HAProxy. */
  name: identifier.optional(),
  from: identifier.optional(),
  afterDefaults: intIn(1, 20).optional(),
  condition: sectionCondition,
  lines: rawLines,
  comments,
});

export const haproxySchema = z.strictObject({
  global: globalSchema.default(globalSchema.parse({})),
  defaults: defaultsSchema.default(defaultsSchema.parse({})),
  /** Further defaults sections, in order after the first (named ones, or unnamed ones that change the defaults of the proxies after them). */
  moreDefaults: z.array(moreDefaultsSchema).max(20).default([]),
  frontends: z.array(frontendSchema).max(200).default([]),
  backends: z.array(backendSchema).max(2000).default([]),
  sections: z.array(rawSectionSchema).max(200).default([]),
  /** Comments at the end of the file, rendered at the end. */
  endComments: comments,
});

export type HaproxyDefinition = z.infer<typeof haproxySchema>;
export type FrontendDefinition = z.infer<typeof frontendSchema>;
export type BackendDefinition = z.infer<typeof backendSchema>;
export type ServerDefinition = z.infer<typeof serverSchema>;
