#!/bin/sh
# Lab-only stand-in for a node's death (hardware would get a forced reboot; this never reboots
# anything). Run over SSH inside a lab node: it returns at once, then, detached, takes the node off the
# segment (link down), kills its HAProxy, Keepalived and sshd, drops the VIP as a reboot would, and
# after $1 seconds (default 15) brings the link, the default route and the three daemons back.
# killall here only reaches this node's processes: each lab node has a PID namespace of its own.
secs=${1:-15}
setsid -f sh -c '
  secs=$1
  exec </dev/null >/dev/null 2>&1
  sleep 0.2
  gw=$(ip -4 route show default | { read -r _ _ g _ && echo "$g"; })
  ip link set eth0 down
  for f in /run/keepalived/keepalived.pid /run/haproxy.pid; do
    p=$(cat "$f" 2>/dev/null) && { kill -KILL -- "-$p" 2>/dev/null; kill -KILL "$p" 2>/dev/null; }
  done
  killall -q -KILL keepalived haproxy sshd
  ip -4 addr flush dev eth0 secondary
  rm -f /run/haproxy.pid /run/keepalived/keepalived.pid /run/keepalived/vrrp.pid /run/keepalived/checkers.pid /run/sshd.pid
  sleep "$secs"
  ip link set eth0 up
  [ -n "$gw" ] && ip route replace default via "$gw"
  /usr/local/sbin/systemctl start haproxy
  /usr/local/sbin/systemctl start keepalived
  /usr/sbin/sshd -f /etc/ssh/sshd_config -E /run/sshd.log
' node-death "$secs"
