/** Definitions the tests share: the article's pair (as the lab runs it) and a pair using every feature. */
import { fileURLToPath } from "node:url";
import { articleDefaults, articleFrontend, articleTrackScripts, articleVips } from "../article";
import type { ClusterDefinitionInput } from "../schema/definition";

/** Test-only keys (they authorize nothing) in the folder the unit tests use as HAPAIR_KEY_DIR (vitest.config.ts). */
export const FIXTURE_KEY_DIR = fileURLToPath(new URL("./keys", import.meta.url));
const fixtureKey = (name: string) => `${FIXTURE_KEY_DIR}/${name}`;

export const articlePair: ClusterDefinitionInput = {
  name: "article",
  vips: articleVips(),
  vrrp: {
    virtualRouterId: 51,
    authPass: "chgme123",
    mode: "multicast",
    trackScripts: articleTrackScripts(),
  },
  nodes: [
    { name: "lb-01", address: "10.0.0.11", ssh: { host: "10.0.0.11", identityFile: fixtureKey("lb") }, role: "MASTER", priority: 110, routerId: "LB_01" },
    { name: "lb-02", address: "10.0.0.12", ssh: { host: "10.0.0.12", identityFile: fixtureKey("lb") }, role: "BACKUP", priority: 100, routerId: "LB_02" },
  ],
  haproxy: {
    global: { maxconn: 50000, user: "haproxy", group: "haproxy", logs: [{ target: "/dev/log", facility: "local0" }, { target: "/dev/log", facility: "local1", level: "notice" }] },
    defaults: articleDefaults(),
    frontends: [articleFrontend()],
    backends: [
      {
        name: "be_app",
        balance: "roundrobin",
        healthCheck: { method: "GET", path: "/healthz", expectStatus: 200 },
        defaultServer: { inter: "2s", fall: 3, rise: 2, maxconn: 1000 },
        servers: ["app-01", "app-02", "app-03"].map((name, i) => ({ name, address: `10.0.1.${11 + i}`, port: 8080 })),
      },
    ],
  },
};

/** Unicast, nopreempt, two VIPs, TLS, raw lines and sections in every place they are allowed. */
export const fullPair: ClusterDefinitionInput = {
  name: "payments",
  description: "payments edge pair, rack 4",
  vips: [
    { address: "192.168.50.10", prefix: 24, interface: "ens3" },
    { address: "192.168.50.11", prefix: 24, interface: "ens3" },
  ],
  vrrp: {
    instanceName: "VI_PAY",
    virtualRouterId: 77,
    advertInt: 1,
    authPass: "Pay-2026",
    mode: "unicast",
    nopreempt: true,
    trackScripts: [
      { name: "chk_haproxy", script: "/usr/bin/killall -0 haproxy", weight: -40, timeout: 2 },
      { name: "chk_gateway", script: "/bin/ping -c 1 -W 1 192.168.50.1", interval: 3, weight: -60 },
    ],
    extra: ["garp_master_delay 5", "track_interface {", "    ens4", "}"],
  },
  nodes: [
    { name: "edge-a", address: "192.168.50.2", ssh: { host: "edge-a.mgmt.example.net", port: 2222, user: "deploy", identityFile: fixtureKey("edge"), useSudo: true }, role: "MASTER", priority: 150, routerId: "EDGE_A" },
    { name: "edge-b", address: "192.168.50.3", ssh: { host: "edge-b.mgmt.example.net", port: 2222, user: "deploy", identityFile: fixtureKey("edge"), useSudo: true }, role: "BACKUP", priority: 120, routerId: "EDGE_B" },
  ],
  haproxy: {
    global: {
      maxconn: 20000,
      user: "haproxy",
      group: "haproxy",
      logs: [{ target: "127.0.0.1:514", facility: "local2", level: "info" }],
      statsSocket: { path: "/run/haproxy/admin.sock", mode: "600", level: "admin" },
      extra: ["ssl-default-bind-options ssl-min-ver TLSv1.2", "tune.ssl.default-dh-param 2048"],
    },
    defaults: {
      mode: "http",
      options: ["httplog", "forwardfor"],
      timeouts: { connect: "3s", client: "30s", server: "30s", "http-keep-alive": "5s", queue: "10s" },
      retries: 2,
      extra: ["errorfile 503 /etc/haproxy/errors/503.http"],
    },
    frontends: [
      {
        name: "fe_web",
        binds: [
          { address: "192.168.50.10", port: 443, tls: { certificate: "/etc/haproxy/certs/pay.pem", alpn: ["h2", "http/1.1"] } },
          { address: "192.168.50.10", port: 80 },
        ],
        httpsRedirect: true,
        defaultBackend: "be_api",
        extra: ["acl is_admin path_beg /admin", "http-request deny if is_admin !{ src 10.0.0.0/8 }", "use_backend be_static if { path_beg /static }"],
      },
      { name: "fe_tcp", mode: "tcp", binds: [{ address: "192.168.50.11", port: 5432 }], defaultBackend: "be_pg" },
    ],
    backends: [
      {
        name: "be_api",
        balance: "leastconn",
        healthCheck: { method: "HEAD", path: "/healthz?deep=1", expectStatus: 204 },
        defaultServer: { inter: "1s", fall: 2, rise: 3 },
        extra: ["cookie SRV insert indirect nocache"],
        servers: [
          { name: "api-1", address: "10.20.0.11", port: 8443, weight: 100, extra: "ssl verify none cookie a1" },
          { name: "api-2", address: "10.20.0.12", port: 8443, weight: 100, extra: "ssl verify none cookie a2" },
          { name: "api-dr", address: "api-dr.example.net", port: 8443, backup: true, extra: "ssl verify none init-addr last,libc,none" },
        ],
      },
      { name: "be_static", balance: "roundrobin", healthCheck: { path: "/ok" }, servers: [{ name: "cdn-1", address: "10.20.1.5", port: 80 }] },
      { name: "be_pg", mode: "tcp", balance: "first", servers: [{ name: "pg-1", address: "10.20.2.5", port: 5432 }, { name: "pg-2", address: "10.20.2.6", port: 5432, backup: true }] },
    ],
    sections: [
      { kind: "userlist", name: "ops", lines: ["user admin password $6$abc$def"] },
      { kind: "listen", name: "stats", lines: ["bind 127.0.0.1:8404", "mode http", "stats enable", "stats uri /stats"] },
    ],
  },
  keepalived: {
    globalExtra: ["vrrp_garp_master_refresh 60"],
    extraBlocks: [["virtual_server 192.168.50.10 6443 {", "    delay_loop 6", "    lb_algo rr", "    lb_kind NAT", "    protocol TCP", "    real_server 10.20.0.11 6443 {", "        TCP_CHECK {", "            connect_timeout 3", "        }", "    }", "}"]],
  },
  paths: { certificates: ["/etc/haproxy/certs/ca.pem"] },
  acme: {
    directoryUrl: "https://acme.example.net/directory",
    email: "ops@example.com",
    certificates: [{ name: "pay", domains: ["pay.example.com", "www.pay.example.com"], path: "/etc/haproxy/certs/pay.pem" }],
  },
};
