/** A haproxy.cfg and keepalived pair full of an operator's comments (issue 20 class 13), written for the tests. */

export const COMMENTED_HAPROXY = `# Edge proxy for the shop, owned by team web
# pager: web-oncall
global
    # keep it in the background
    daemon
    stats socket /run/haproxy/admin.sock mode 660 level admin
    # tuned after the 2025 sale
    tune.bufsize 32768

# our defaults
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

# public entry point
frontend www
    # the VIP, plain http
    bind 10.0.0.100:80
    # block the scanners
    http-request deny if { path_beg /wp-admin }
    default_backend app # the only backend

    # app servers: see the runbook
backend app
    balance roundrobin
    # primary first
    server a1 10.0.0.21:8080 check
    server a2 10.0.0.22:8080 check
    # end of app

.if defined(WITH_STATS)
# stats page, only where WITH_STATS is set
listen stats
    # local only
    bind 127.0.0.1:8404
    stats enable
    # stats end here
.endif

# who may see the stats
userlist ops
    user admin insecure-password not-secret
# end of file
`;

const KA = (name: string, state: string, priority: number) => `! Configuration File for keepalived
# node ${name}
global_defs {
    # one id per node
    router_id ${name}
    enable_script_security
    script_user root
}
# is haproxy alive?
vrrp_script chk_haproxy {
    script "/usr/bin/killall -0 haproxy"
    interval 2
    weight -20
    fall 2
    rise 2
}

! the shop's VIP
vrrp_instance VI_1 {
    state ${state}
    interface eth0
    virtual_router_id 61
    priority ${priority} # A wins
    advert_int 1
    # tell the switch quickly
    garp_master_delay 1
    # peers talk unicast, the switch drops multicast
    unicast_src_ip 10.0.0.${name === "A" ? 11 : 12}
    unicast_peer {
        10.0.0.${name === "A" ? 12 : 11}
    }
    authentication {
        auth_type PASS
        auth_pass c0mments
    }
    virtual_ipaddress {
        10.0.0.100/24 dev eth0
    }
    track_script {
        chk_haproxy
    }
}
# end of keepalived.conf
`;

export const COMMENTED_KEEPALIVED: [string, string] = [KA("A", "MASTER", 110), KA("B", "BACKUP", 100)];
