# hapair node probe: one round trip that prints everything the poller needs, in "@@name" sections.
# Static text: node-specific values arrive only as quoted positional arguments:
#   $1 haproxy.cfg path  $2 keepalived.conf path  $3 haproxy master pid file  $4 keepalived state file
#   $5.. certificate files to checksum
cfg=$1; kconf=$2; hpid_file=$3; state_file=$4; shift 4
echo "@@ip"
ip -j addr show 2>&1
echo "@@nonlocal_bind"
cat /proc/sys/net/ipv4/ip_nonlocal_bind 2>&1
echo "@@haproxy_master"
hpid=$(cat "$hpid_file" 2>/dev/null)
if [ -n "$hpid" ] && kill -0 "$hpid" 2>/dev/null; then echo "$hpid"; fi
echo "@@keepalived_pid"
kpid=""
for f in /run/keepalived/keepalived.pid /run/keepalived.pid /var/run/keepalived.pid; do
  p=$(cat "$f" 2>/dev/null) && [ -n "$p" ] && kill -0 "$p" 2>/dev/null && { kpid=$p; break; }
done
[ -z "$kpid" ] && kpid=$(pgrep -o -x keepalived 2>/dev/null)
echo "$kpid"
echo "@@keepalived_state"
[ -n "$kpid" ] && [ -f "$state_file" ] && cat "$state_file"
echo "@@keepalived_json"
if [ -n "$kpid" ]; then
  # keepalived writes the dump some time after the signal, and the file appears before it is complete.
  rm -f /tmp/keepalived.json
  sig=$(keepalived --signum=JSON 2>/dev/null)
  if [ -n "$sig" ] && kill -s "$sig" "$kpid" 2>/dev/null; then
    i=0
    while [ $i -lt 40 ]; do
      if [ -s /tmp/keepalived.json ] && [ "$(tail -c 3 /tmp/keepalived.json | tr -d '\n\r ' | tail -c 1)" = "]" ]; then
        cat /tmp/keepalived.json; break
      fi
      sleep 0.025; i=$((i + 1))
    done
  fi
fi
echo "@@checksums"
for f in "$cfg" "$kconf" "$@"; do
  if [ -r "$f" ]; then sha256sum "$f"; else echo "missing  $f"; fi
done
echo "@@end"
