/**
 * Configurations written for the import-fidelity tests, one or more per defect class of issue 20:
 * each is valid for the real `haproxy -c` / `keepalived -t` and must import, validate and render
 * back with every directive kept and the same effective behaviour. Shared by the unit test and the
 * real-checker test (e2e/integration/import-fidelity.test.ts).
 */

import { COMMENTED_HAPROXY, COMMENTED_KEEPALIVED } from "./commented";

export interface FidelityCase {
  label: string;
  /** haproxy.cfg; absent: the base one below. */
  haproxy?: string;
  /** Both nodes' keepalived.conf; absent: the base pair below. */
  keepalived?: [string, string];
}

const KA = (name: string, state: string, priority: number, body = "") => `global_defs {
    router_id ${name}
    enable_script_security
    script_user root
}
vrrp_script chk_haproxy {
    script "/usr/bin/killall -0 haproxy"
    interval 2
    weight -20
    fall 2
    rise 2
}
vrrp_instance VI_1 {
    state ${state}
    interface eth0
    virtual_router_id 61
    priority ${priority}
    advert_int 1
    unicast_src_ip 10.0.0.${name === "A" ? 11 : 12}
    unicast_peer {
        10.0.0.${name === "A" ? 12 : 11}
    }
    authentication {
        auth_type PASS
        auth_pass fid3lity
    }
    virtual_ipaddress {
        10.0.0.100/24 dev eth0
    }
    track_script {
        chk_haproxy
    }
${body}}
`;

export const BASE_KEEPALIVED: [string, string] = [KA("A", "MASTER", 110), KA("B", "BACKUP", 100)];

export const BASE_HAPROXY = `global
    daemon
    stats socket /run/haproxy/admin.sock mode 660 level admin

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend web
    bind *:80
    default_backend app

backend app
    balance roundrobin
    server a1 127.0.0.1:8081 check
`;

const TIMEOUTS = "    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n";

/** Replaces the instance body's `SEARCH` line (first match) in both base files. */
const kaEdit = (edit: (text: string, node: 0 | 1) => string): [string, string] => [edit(BASE_KEEPALIVED[0], 0), edit(BASE_KEEPALIVED[1], 1)];

export const fidelityCases: FidelityCase[] = [
  {
    label: "1 binds hapair does not model, and a frontend with no bind",
    haproxy: `global\n    daemon\n\ndefaults\n    mode http\n${TIMEOUTS}\nfrontend edge\n    bind :8080\n    bind 127.0.0.1:8443 name tls-in accept-proxy\n    bind abns@edge-internal\n    bind 127.0.0.1:8090,127.0.0.1:8091\n    default_backend app\n\nfrontend unbound\n    default_backend app\n\nbackend app\n    server a1 127.0.0.1:8081\n`,
  },
  {
    label: "2 named defaults sections with from, and a second unnamed defaults between proxies",
    haproxy: `global\n    daemon\n\ndefaults base\n    mode http\n${TIMEOUTS}\ndefaults front_side from base\n    option httplog\n\nfrontend f1 from front_side\n    bind 127.0.0.1:8080\n    default_backend b1\n\nbackend b1 from base\n    server s1 127.0.0.1:8081\n\ndefaults\n    mode tcp\n    balance first\n${TIMEOUTS}\nbackend b2\n    server s2 127.0.0.1:8082\n`,
  },
  {
    label: "3 defaults without mode (tcp) and a defaults balance the backends rely on",
    haproxy: `global\n    daemon\n\ndefaults\n    balance first\n${TIMEOUTS}\nfrontend db\n    bind 127.0.0.1:5433\n    default_backend pg\n\nbackend pg\n    server p1 127.0.0.1:5432\n    server p2 127.0.0.1:5434\n`,
  },
  {
    label: "4 VIPs without a prefix (/32) and 13 VIP options",
    keepalived: kaEdit((t) => t.replace("        10.0.0.100/24 dev eth0\n", "        10.0.0.100/24 dev eth0\n        192.168.77.5\n        10.0.0.101/24 dev eth0 label eth0:api\n        10.0.0.100/24 dev eth0 label eth0:1\n")),
  },
  {
    label: "3 zero-warning in a file that keeps no server state (hapair's state file would be a warning until it exists)",
    haproxy: BASE_HAPROXY.replace("    daemon\n", "    daemon\n    zero-warning\n"),
  },
  {
    label: "3 no defaults section at all (every proxy runs tcp)",
    haproxy: `global\n    daemon\n\nfrontend plain_in\n    bind 127.0.0.1:8443\n    timeout client 30s\n    default_backend plain\n\nbackend plain\n    timeout connect 5s\n    timeout server 30s\n    server s1 127.0.0.1:8081\n`,
  },
  {
    label: "5 a tab between the words of a raw directive",
    haproxy: BASE_HAPROXY.replace("    default_backend app\n", "    http-request\tset-header X-Edge\tyes\n    default_backend app\n"),
  },
  {
    label: "6 bare and single-quoted track-script commands, keepalived's own check defaults, a per-instance weight",
    keepalived: kaEdit((t) =>
      t
        .replace('    script "/usr/bin/killall -0 haproxy"\n    interval 2\n    weight -20\n    fall 2\n    rise 2\n', '    script "killall -0 haproxy"\n    weight -20\n')
        .replace("vrrp_instance VI_1 {", `vrrp_script chk_port {\n    script "bash -c '</dev/tcp/127.0.0.1/80'"\n    interval 3\n}\nvrrp_instance VI_1 {`)
        .replace("        chk_haproxy\n    }", "        chk_haproxy\n        chk_port weight -30\n    }"),
    ),
  },
  {
    label: "7 both nodes BACKUP with nopreempt, one without state, equal router_id",
    keepalived: [
      BASE_KEEPALIVED[0].replace("    state MASTER\n", "    nopreempt\n").replace("router_id A", "router_id LB"),
      BASE_KEEPALIVED[1].replace("    state BACKUP\n", "    state BACKUP\n    nopreempt\n").replace("router_id B", "router_id LB"),
    ],
  },
  {
    label: "8 unicast_src_ip written with a prefix",
    keepalived: kaEdit((t, n) => t.replace(`unicast_src_ip 10.0.0.${n === 0 ? 11 : 12}`, `unicast_src_ip 10.0.0.${n === 0 ? 11 : 12}/24`)),
  },
  {
    label: "9 a frontend and a backend with the same name",
    haproxy: BASE_HAPROXY.replace("frontend web", "frontend app"),
  },
  {
    label: "10 per-node values of shared settings: NIC names, VIP devs, lines only one node has",
    keepalived: [
      BASE_KEEPALIVED[0],
      BASE_KEEPALIVED[1]
        .replace("    interface eth0\n", "    interface ens192\n    garp_master_delay 5\n")
        .replace("10.0.0.100/24 dev eth0", "10.0.0.100/24 dev ens192\n        10.0.0.101/24")
        .replace("    script_user root\n", "    script_user root\n    vrrp_garp_master_repeat 3\n"),
    ].map((t, n) => (n === 0 ? t.replace("10.0.0.100/24 dev eth0", "10.0.0.100/24 dev eth0\n        10.0.0.101/24") : t)) as [string, string],
  },
  {
    label: "12 the operator's own notify scripts beside hapair's hook (one node also has notify_master)",
    keepalived: kaEdit((t, n) =>
      t.replace(
        "    track_script {",
        n === 0
          ? '    notify "/usr/bin/logger -t eip-move \'elastic ip\'"\n    track_script {'
          : '    notify /usr/bin/logger\n    notify_master "/usr/bin/true master"\n    track_script {',
      ),
    ),
  },
  {
    label: "16 .if/.endif around whole sections (a backend and a listen that exist only under a condition)",
    haproxy: `global\n    daemon\n\ndefaults\n    mode http\n${TIMEOUTS}\nfrontend web\n    bind 127.0.0.1:8080\n    default_backend app\n\nbackend app\n    server a1 127.0.0.1:8081\n.if version_atleast(2.4)\nbackend other\n    server o1 127.0.0.1:8082\n.endif\n.if defined(HAPAIR_FIDELITY_UNSET)\nlisten extra_in\n    bind 127.0.0.1:8089\n    server x1 127.0.0.1:8083\n.endif\n`,
  },
  {
    label: "17 vrrp_scripts the main instance does not track (one for a second instance, one for none, one defined below it)",
    keepalived: kaEdit((t, n) =>
      t
        .replace("vrrp_instance VI_1 {", `vrrp_script chk_other {\n    script "/usr/bin/true"\n    weight -50\n}\nvrrp_script chk_spare {\n    script "/usr/bin/true spare"\n}\nvrrp_instance VI_1 {`)
        .concat(`vrrp_script chk_below {\n    script "/usr/bin/true below"\n    interval 5\n}\nvrrp_instance VI_2 {\n    state ${n === 0 ? "MASTER" : "BACKUP"}\n    interface eth1\n    virtual_router_id 63\n    priority ${n === 0 ? 110 : 100}\n    virtual_ipaddress {\n        10.1.0.100/24 dev eth1\n    }\n    track_script {\n        chk_other\n    }\n}\n`),
    ),
  },
  {
    label: "11 a second vrrp_instance named by a vrrp_sync_group, with its own per-node state",
    keepalived: kaEdit((t, n) =>
      `vrrp_sync_group G1 {\n    group {\n        VI_1\n        VI_2\n    }\n}\n${t.replace("        chk_haproxy\n", "        chk_haproxy\n").replace("    weight -20\n", "    weight 0\n")}vrrp_instance VI_2 {\n    state ${n === 0 ? "MASTER" : "BACKUP"}\n    interface eth1\n    virtual_router_id 62\n    priority ${n === 0 ? 110 : 100}\n    virtual_ipaddress {\n        10.1.0.100/24 dev eth1\n    }\n}\n`,
    ),
  },
  {
    label: "13 an operator's comments above sections, directives and blocks, trailing and at the end",
    haproxy: COMMENTED_HAPROXY,
    keepalived: COMMENTED_KEEPALIVED,
  },
  {
    label: "14 preempt_delay on the node that starts MASTER",
    keepalived: kaEdit((t) => t.replace("    advert_int 1\n", "    advert_int 1\n    preempt_delay 30\n").replace("    state MASTER\n", "    state BACKUP\n")),
  },
];

/** Defect 15: a keepalived file with no vrrp_instance (LVS only) is refused, plainly. */
export const LVS_ONLY = `global_defs {\n    router_id LVS_A\n}\nvirtual_server 10.0.0.200 80 {\n    delay_loop 6\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n    real_server 10.0.1.11 80 {\n        TCP_CHECK {\n            connect_timeout 3\n        }\n    }\n}\n`;
