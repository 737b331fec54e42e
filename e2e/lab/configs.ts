/**
 * The starting configuration files of lab nodes: the design article's haproxy.cfg and keepalived.conf
 * (with its gateway-check variant), for a given pair. Pure text builders.
 */
import { BACKEND_PORT, type LabHost, type LabNode, type LabPair } from "./topology";

export const LAB_AUTH_PASS = "labpass1"; // keepalived truncates PASS auth beyond 8 characters

/**
 * The article's maxconn (50000) makes HAProxy raise its file-descriptor limit to ~100k; this machine's
 * hard limit is 20000 and cannot be raised (no CAP_SYS_RESOURCE), so the lab runs with 9000.
 */
export const LAB_MAXCONN = 9000;

/** Where lab nodes keep HAProxy's server-state file (a folder of each node's own, see node-init.sh). */
export const LAB_SERVER_STATE_FILE = "/var/lib/haproxy/server-state";

/**
 * The article's haproxy.cfg plus the server-state file, so runtime drain/maint survive reloads
 * (`withServerState: false` gives the lab's earlier stock file, recognised when upgrading a running lab).
 */
export function articleHaproxyConfig(pair: LabPair, backends: LabHost[], withServerState = true): string {
  return `# /etc/haproxy/haproxy.cfg
global
    log /dev/log local0
    log /dev/log local1 notice
    maxconn ${LAB_MAXCONN}
    user haproxy
    group haproxy
    daemon
    stats socket /run/haproxy/admin.sock mode 660 level admin
${withServerState ? `    server-state-file ${LAB_SERVER_STATE_FILE}\n` : ""}    # Bind to a non-local address so HAProxy can listen on the VIP
    # even when Keepalived hasn't assigned it yet.
    # Set via sysctl: net.ipv4.ip_nonlocal_bind = 1

defaults
    log global
${withServerState ? "    load-server-state-from-file global\n" : ""}    mode http
    option httplog
    option dontlognull
    option forwardfor
    option http-server-close
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    retries 3

frontend fe_https
    bind ${pair.vip}:443 ssl crt /etc/haproxy/certs/site.pem alpn h2,http/1.1
    bind ${pair.vip}:80
    http-request redirect scheme https code 301 unless { ssl_fc }
    default_backend be_app

backend be_app
    balance roundrobin
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 2s fall 3 rise 2 maxconn 1000
${backends.map((b) => `    server ${b.name} ${b.address}:${BACKEND_PORT} check`).join("\n")}
`;
}

export function articleKeepalivedConfig(pair: LabPair, node: LabNode): string {
  return `# /etc/keepalived/keepalived.conf on ${node.name} (${node.role === "MASTER" ? "master" : "backup"})
global_defs {
    router_id ${node.routerId}
    enable_script_security
    script_user root
}

vrrp_script chk_haproxy {
    script "/usr/bin/killall -0 haproxy"   # exit 0 if process exists
    interval 2
    weight -20                           # if HAProxy dies, drop priority by 20
    fall 2
    rise 2
}

vrrp_script chk_gateway {
    script "/bin/ping -c 1 -W 1 ${pair.gateway}"
    interval 3
    weight -30
    fall 2
    rise 2
}

vrrp_instance VI_1 {
    state ${node.role}
    interface ${pair.vipInterface}
    virtual_router_id ${pair.vrid}
    priority ${node.priority}
    advert_int 1
    authentication {
        auth_type PASS
        auth_pass ${LAB_AUTH_PASS}
    }
    virtual_ipaddress {
        ${pair.vip}/${pair.vipPrefix} dev ${pair.vipInterface}
    }
    track_script {
        chk_haproxy
        chk_gateway
    }
}
`;
}

export function sshdConfig(node: LabNode): string {
  return `# lab sshd for ${node.name}: key auth only, node-local files under /etc/ssh
Port 22
ListenAddress ${node.address}
HostKey /etc/ssh/ssh_host_ed25519_key
PidFile /run/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AuthorizedKeysFile /etc/ssh/authorized_keys
AllowStreamLocalForwarding yes
X11Forwarding no
PrintMotd no
Subsystem sftp internal-sftp
`;
}
