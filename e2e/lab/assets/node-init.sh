#!/bin/sh
# Runs as the child of tini (PID 1) in a lab LB node's own PID and mount namespaces, inside its
# network namespace. Gives the node private /run, /tmp and /usr/local/sbin, starts HAProxy,
# Keepalived and sshd, then idles so that stopping sshd alone does not end the node.
# $1: the lab's asset folder (read before /run is hidden by the node's own tmpfs).
set -eu
assets=$1
cd /
mount --make-rprivate /
mount -t tmpfs -o mode=755 tmpfs /usr/local/sbin
cp "$assets/systemctl" /usr/local/sbin/systemctl
# The node-death drill's stand-in, where the node itself can run it (a checkout under /tmp is hidden below).
cp "$assets/node-death.sh" /usr/local/sbin/hapair-lab-node-death
chmod 755 /usr/local/sbin/systemctl /usr/local/sbin/hapair-lab-node-death
mount -t tmpfs -o mode=755 tmpfs /run
mkdir -p /run/sshd /run/haproxy /run/keepalived /run/lock
chmod 755 /run/sshd
mount -t tmpfs -o mode=1777 tmpfs /tmp
# HAProxy's server-state file (runtime drain/maint kept across reloads) is per node, like on real nodes.
mkdir -p /var/lib/haproxy
mount -t tmpfs -o mode=755 tmpfs /var/lib/haproxy
# A home of its own: the machine's /root/.bashrc (read by bash for every SSH command) is not the node's.
mount -t tmpfs -o mode=700 tmpfs /root
/usr/local/sbin/systemctl start haproxy || echo "node-init: haproxy failed to start" >&2
/usr/local/sbin/systemctl start keepalived || echo "node-init: keepalived failed to start" >&2
/usr/sbin/sshd -f /etc/ssh/sshd_config -E /run/sshd.log
echo "node-init: ready"
exec sleep infinity
