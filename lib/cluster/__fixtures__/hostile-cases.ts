/**
 * Invalid and hostile definitions, each with the field path its rejection must name. Shared by the
 * unit tests, the HTTP API test and the CLI test, so all three refuse exactly the same things.
 */
import type { ClusterDefinitionInput } from "../schema/definition";
import { articlePair } from "./definitions";

type Mutable = { [key: string]: unknown };
export interface HostileCase {
  label: string;
  /** The field path the rejection must name. */
  path: string;
  input: unknown;
}

function variant(mutate: (d: Mutable & ClusterDefinitionInput) => void): unknown {
  const copy = structuredClone(articlePair) as Mutable & ClusterDefinitionInput;
  mutate(copy);
  return copy;
}

const node = (d: ClusterDefinitionInput, i: 0 | 1) => d.nodes[i] as unknown as Mutable & { ssh: Mutable };
const haproxy = (d: ClusterDefinitionInput) => d.haproxy as { global: Mutable; defaults: Mutable; frontends: (Mutable & { binds: Mutable[]; extra?: string[] })[]; backends: (Mutable & { servers: Mutable[]; extra?: string[]; healthCheck: Mutable })[]; sections?: unknown[] };
const vrrp = (d: ClusterDefinitionInput) => d.vrrp as Mutable & { trackScripts: Mutable[] };
const INJECT = "x\nglobal\n    stats socket /tmp/evil level admin";

export const hostileCases: HostileCase[] = [
  // Names and identifiers
  { label: "cluster name with a newline", path: "name", input: variant((d) => { d.name = "lab\nglobal"; }) },
  { label: "cluster name with spaces", path: "name", input: variant((d) => { d.name = "my cluster"; }) },
  { label: "empty cluster name", path: "name", input: variant((d) => { d.name = ""; }) },
  { label: "oversize cluster name", path: "name", input: variant((d) => { d.name = "a".repeat(65); }) },
  { label: "unknown top-level key", path: "(document)", input: variant((d) => { d.extraKey = 1; }) },
  { label: "backend name with a shell word", path: "haproxy.backends.0.name", input: variant((d) => { haproxy(d).backends[0]!.name = "be;rm -rf /"; }) },
  { label: "frontend name injecting a section", path: "haproxy.frontends.0.name", input: variant((d) => { haproxy(d).frontends[0]!.name = INJECT; }) },
  { label: "server name with a NUL", path: "haproxy.backends.0.servers.0.name", input: variant((d) => { haproxy(d).backends[0]!.servers[0]!.name = "app\u0000"; }) },
  { label: "duplicate server names", path: "haproxy.backends.0.servers.1.name", input: variant((d) => { haproxy(d).backends[0]!.servers[1]!.name = "app-01"; }) },
  // A frontend and a backend may share a name in HAProxy; a listen is both, so it clashes with either.
  { label: "listen and backend share a name", path: "haproxy.sections.0.name", input: variant((d) => { haproxy(d).sections = [{ kind: "listen", name: "be_app", lines: ["bind 127.0.0.1:9000"] }]; }) },
  { label: "default backend that does not exist", path: "haproxy.frontends.0.defaultBackend", input: variant((d) => { haproxy(d).frontends[0]!.defaultBackend = "be_missing"; }) },
  { label: "use_backend to a missing backend", path: "haproxy.frontends.0.extra.0", input: variant((d) => { haproxy(d).frontends[0]!.extra = ["use_backend be_ghost if { path_beg /x }"]; }) },
  // Addresses, prefixes, ports
  { label: "VIP not an address", path: "vips.0.address", input: variant((d) => { d.vips[0]!.address = "10.0.0.300"; }) },
  { label: "VIP outside the nodes' subnet", path: "vips.0.address", input: variant((d) => { d.vips[0]!.address = "10.9.0.100"; }) },
  { label: "VIP equal to a node address", path: "vips.0.address", input: variant((d) => { d.vips[0]!.address = "10.0.0.11"; }) },
  { label: "VIP prefix 33", path: "vips.0.prefix", input: variant((d) => { d.vips[0]!.prefix = 33; }) },
  { label: "VIP interface with a space", path: "vips.0.interface", input: variant((d) => { d.vips[0]!.interface = "eth0 dev lo"; }) },
  { label: "no VIP at all", path: "vips", input: variant((d) => { d.vips = []; }) },
  { label: "node address not IPv4", path: "nodes.0.address", input: variant((d) => { node(d, 0).address = "lb-01"; }) },
  { label: "server port 0", path: "haproxy.backends.0.servers.0.port", input: variant((d) => { haproxy(d).backends[0]!.servers[0]!.port = 0; }) },
  { label: "server port 70000", path: "haproxy.backends.0.servers.0.port", input: variant((d) => { haproxy(d).backends[0]!.servers[0]!.port = 70000; }) },
  { label: "server address with a space", path: "haproxy.backends.0.servers.0.address", input: variant((d) => { haproxy(d).backends[0]!.servers[0]!.address = "10.0.1.11 backup"; }) },
  { label: "bind port as a string", path: "haproxy.frontends.0.binds.0.port", input: variant((d) => { haproxy(d).frontends[0]!.binds[0]!.port = "443"; }) },
  { label: "same address and port bound twice", path: "haproxy.frontends.0.binds.1.port", input: variant((d) => { haproxy(d).frontends[0]!.binds[1]!.port = 443; }) },
  { label: "SSH port out of range", path: "nodes.1.ssh.port", input: variant((d) => { node(d, 1).ssh.port = 65536; }) },
  { label: "SSH host with a shell metacharacter", path: "nodes.0.ssh.host", input: variant((d) => { node(d, 0).ssh.host = "10.0.0.11;reboot"; }) },
  { label: "SSH user with a command substitution", path: "nodes.0.ssh.user", input: variant((d) => { node(d, 0).ssh.user = "$(id)"; }) },
  { label: "identity file relative path", path: "nodes.0.ssh.identityFile", input: variant((d) => { node(d, 0).ssh.identityFile = "../../etc/shadow"; }) },
  // VRRP
  { label: "VRID 0", path: "vrrp.virtualRouterId", input: variant((d) => { vrrp(d).virtualRouterId = 0; }) },
  { label: "VRID 256", path: "vrrp.virtualRouterId", input: variant((d) => { vrrp(d).virtualRouterId = 256; }) },
  { label: "auth_pass longer than 8", path: "vrrp.authPass", input: variant((d) => { vrrp(d).authPass = "<change-me>"; }) },
  { label: "auth_pass closing the block", path: "vrrp.authPass", input: variant((d) => { vrrp(d).authPass = "a}b"; }) },
  { label: "equal priorities", path: "nodes.1.priority", input: variant((d) => { node(d, 1).priority = 110; }) },
  { label: "MASTER priority below BACKUP", path: "nodes.0.priority", input: variant((d) => { node(d, 0).priority = 90; }) },
  { label: "two MASTERs", path: "nodes.1.role", input: variant((d) => { node(d, 1).role = "MASTER"; }) },
  { label: "priority 255", path: "nodes.0.priority", input: variant((d) => { node(d, 0).priority = 255; }) },
  { label: "same node names", path: "nodes.1.name", input: variant((d) => { node(d, 1).name = "lb-01"; }) },
  { label: "three nodes", path: "nodes", input: variant((d) => { (d.nodes as unknown[]).push(structuredClone(d.nodes[1])); }) },
  { label: "track-script weight too small to move the VIP", path: "vrrp.trackScripts.0.weight", input: variant((d) => { vrrp(d).trackScripts[0]!.weight = -5; }) },
  { label: "track script with a shell pipeline", path: "vrrp.trackScripts.0.script", input: variant((d) => { vrrp(d).trackScripts[0]!.script = "/bin/sh -c \"killall -0 haproxy\""; }) },
  { label: "track script with a keepalived config variable", path: "vrrp.trackScripts.0.script", input: variant((d) => { vrrp(d).trackScripts[0]!.script = "killall -0 ${PROC}"; }) },
  { label: "track script with a newline", path: "vrrp.trackScripts.1.script", input: variant((d) => { vrrp(d).trackScripts[1]!.script = "/bin/true\n}\nvrrp_instance X {"; }) },
  { label: "duplicate track script names", path: "vrrp.trackScripts.1.name", input: variant((d) => { vrrp(d).trackScripts[1]!.name = "chk_haproxy"; }) },
  { label: "raw vrrp line closing the instance", path: "vrrp.extra.0", input: variant((d) => { vrrp(d).extra = ["}", "vrrp_instance EVIL {"]; }) },
  { label: "raw vrrp line opening a quoted top-level block", path: "vrrp.extra.0", input: variant((d) => { vrrp(d).extra = ['"vrrp_instance" EVIL {', "}"]; }) },
  { label: "raw vrrp line including a file", path: "vrrp.extra.1", input: variant((d) => { vrrp(d).extra = ["track_interface {", "    include /tmp/x", "}"]; }) },
  { label: "raw keepalived block not closed", path: "keepalived.extraBlocks.0", input: variant((d) => { d.keepalived = { extraBlocks: [["virtual_server 10.0.0.100 80 {", "    delay_loop 6"]] }; }) },
  { label: "preempt_delay with nopreempt", path: "vrrp.preemptDelay", input: variant((d) => { vrrp(d).nopreempt = true; vrrp(d).preemptDelay = 30; }) },
  { label: "weighted track scripts in a sync group", path: "keepalived.extraBlocks.0", input: variant((d) => { d.keepalived = { extraBlocks: [["vrrp_sync_group G {", "    group {", "        VI_1", "    }", "}"]] }; }) },
  // Durations, health checks, raw lines
  { label: "timeout that does not parse", path: "haproxy.defaults.timeouts.connect", input: variant((d) => { (haproxy(d).defaults.timeouts as Mutable).connect = "5 seconds"; }) },
  { label: "unknown timeout name", path: "haproxy.defaults.timeouts", input: variant((d) => { (haproxy(d).defaults.timeouts as Mutable).forever = "1s"; }) },
  { label: "health-check path with a space", path: "haproxy.backends.0.healthCheck.path", input: variant((d) => { haproxy(d).backends[0]!.healthCheck.path = "/healthz HTTP/1.1\r\nHost: x"; }) },
  { label: "health-check status 700", path: "haproxy.backends.0.healthCheck.expectStatus", input: variant((d) => { haproxy(d).backends[0]!.healthCheck.expectStatus = 700; }) },
  { label: "raw global line opening a section", path: "haproxy.global.extra.0", input: variant((d) => { haproxy(d).global.extra = ["frontend evil"]; }) },
  // HAProxy unquotes and unescapes a keyword before it looks for a section header.
  { label: "raw line opening a section with a quoted keyword", path: "haproxy.frontends.0.extra.0", input: variant((d) => { haproxy(d).frontends[0]!.extra = ['"backend" evil']; }) },
  { label: "raw line opening a section with a single-quoted keyword", path: "haproxy.defaults.extra.0", input: variant((d) => { haproxy(d).defaults.extra = ["'frontend' evil"]; }) },
  { label: "raw line opening a section with a split quoted keyword", path: "haproxy.backends.0.extra.0", input: variant((d) => { haproxy(d).backends[0]!.extra = ['back"end" evil']; }) },
  { label: "raw line opening a section with a hex-escaped keyword", path: "haproxy.global.extra.0", input: variant((d) => { haproxy(d).global.extra = ["\\x67lobal"]; }) },
  { label: "raw line whose keyword is an environment variable", path: "haproxy.frontends.0.extra.0", input: variant((d) => { haproxy(d).frontends[0]!.extra = ['"${SECTION}" evil']; }) },
  { label: "raw line opening a section before a comment sign", path: "haproxy.global.extra.0", input: variant((d) => { haproxy(d).global.extra = ["listen#x evil"]; }) },
  { label: "raw .if block left open", path: "haproxy.backends.0.extra.0", input: variant((d) => { haproxy(d).backends[0]!.extra = [".if streq(a,b)"]; }) },
  { label: "raw backend line with a line continuation", path: "haproxy.backends.0.extra.0", input: variant((d) => { haproxy(d).backends[0]!.extra = ["http-request deny \\"]; }) },
  { label: "certificate path with a space", path: "haproxy.frontends.0.binds.0.tls.certificate", input: variant((d) => { (haproxy(d).frontends[0]!.binds[0]!.tls as Mutable).certificate = "/etc/haproxy/site.pem crt /etc/shadow"; }) },
  { label: "stats socket mode not octal", path: "haproxy.global.statsSocket.mode", input: variant((d) => { haproxy(d).global.statsSocket = { mode: "777; x" }; }) },
  { label: "reload command with a shell string", path: "commands.haproxyReload.0", input: variant((d) => { d.commands = { haproxyReload: ["systemctl reload haproxy && curl evil"] }; }) },
  // Sizes and types
  { label: "oversize raw line", path: "haproxy.defaults.extra.0", input: variant((d) => { haproxy(d).defaults.extra = ["x".repeat(1001)]; }) },
  { label: "too many backends", path: "haproxy.backends", input: variant((d) => { (d.haproxy as Mutable).backends = Array.from({ length: 2001 }, (_, i) => ({ name: `b${i}`, servers: [] })); }) },
  { label: "description with an escape sequence", path: "description", input: variant((d) => { d.description = "\u001b[31mred"; }) },
  { label: "not an object", path: "(document)", input: 42 },
];
