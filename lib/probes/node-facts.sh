# hapair node probe: one round trip that prints everything the poller needs, in "@@name" sections.
# Runs on every poll, every 2 s, on every node: builtins over forks where it matters.
# Static text: node-specific values arrive only as quoted positional arguments:
#   $1 "once", or "loop": answer once per line read on stdin until EOF (the poller keeps it running)
#   $2 haproxy.cfg path  $3 keepalived.conf path  $4 haproxy master pid file  $5 keepalived state file
#   $6 admin socket  $7 master socket
#   $8 "socat": also read both sockets here when socat is installed (the whole poll in one round trip)
#   $9 "changes": in loop mode, answer "@@same" when nothing the poller reads changed since the last answer;
#      "+traffic" after it ("changes+traffic", "always+traffic"): in loop mode, also a "@@traffic" section
#      on every answer (even "@@same"): the frontends' and backends' counters, which change on every poll
#      under load, so they are kept out of what "@@same" compares
#   $10 the VRRP interface to capture adverts on (loop mode, where tcpdump is installed), or "-"
#   $11.. certificate files to checksum
mode=$1; cfg=$2; kconf=$3; hpid_file=$4; state_file=$5; admin_sock=$6; master_sock=$7; sockets=$8; changes=$9
viface=${10}; shift 10
traffic=""; case $changes in *+traffic) traffic=1; changes=${changes%+traffic} ;; esac

# What the poller does not read, and what changes on every poll without meaning anything, is dropped
# here, so that an unchanged node gives a byte-identical answer: show stat keeps only the columns the
# poller reads (by header name), show proc loses uptimes, ip loses address lifetimes (DHCP), and
# keepalived's dump loses its counters and the VRRP password it carries in clear.
# What changes on every poll goes after the compared part, as a tail: the VRRP adverts captured since
# the previous poll (counted per distinct line, at most 64 lines) and keepalived's advert counters per
# instance ("vrid sent received", taken from its dump before the counters are dropped), then with
# traffic set the frontends' and backends' counters between "@@traffic" and "@@end". With tfile set
# (loop mode) the tail goes to that file and to sfile after "@@same": each answer is then one write,
# one SSH packet; without it (once mode) it is printed last.
filter='
END {
  v = ""
  if (capst != "") v = "@@vrrp_capture\n" capst "\n"
  if (nseen > 0) { v = v "@@vrrp_seen\n"; for (i = 1; i <= nseen; i++) v = v seen[order[i]] " " order[i] "\n" }
  if (vc != "") v = v "@@vrrp_counters\n" vc
  if (traffic != "") v = v "@@traffic\n" tr
  if (tfile != "") { printf "%s@@end\n", v > tfile; printf "@@same\n%s@@end\n", v > sfile }
  else printf "%s@@end\n", v
}
/^@@end$/ { next }
/^@@/ { section = substr($0, 3); if (section !~ /^vrrp_(seen|capture)$/) print; next }
section == "vrrp_capture" { capst = $0; next }
section == "vrrp_seen" { if (!($0 in seen)) { if (nseen >= 64) next; order[++nseen] = $0 } seen[$0]++; next }
# `show servers state` follows `show stat` in the same answer ("show stat;show servers state"): its
# version line "1" (a stat row always has commas) starts it; only the names and the admin state are
# kept, since the admin state is what `show stat` hides behind DOWN (a drained server that is down).
section == "stat" && $0 == "1" { section = "servers_state"; print "@@servers_state"; print; next }
section == "servers_state" && /^# be_id / {
  sbe = 0; ssrv = 0; sadm = 0
  for (i = 2; i <= NF; i++) { if ($i == "be_name") sbe = i - 1; if ($i == "srv_name") ssrv = i - 1; if ($i == "srv_admin_state") sadm = i - 1 }
  print "# be_name srv_name srv_admin_state"; next
}
section == "servers_state" { if (sadm > 0 && NF >= sadm) print $sbe " " $ssrv " " $sadm; next }
section == "stat" && /^# pxname,/ {
  n = split(substr($0, 3), head, ","); keep = 0; line = ""; tkeep = 0; tline = ""
  for (i = 1; i <= n; i++) {
    if (head[i] ~ /^(pxname|svname|scur|status|weight|check_status|check_desc|type|addr)$/) { col[++keep] = i; line = line (keep > 1 ? "," : "") head[i] }
    if (head[i] ~ /^(pxname|svname|type|scur|stot|req_tot|hrsp_4xx|hrsp_5xx)$/) { tcol[++tkeep] = i; tline = tline (tkeep > 1 ? "," : "") head[i] }
    if (head[i] == "type") typecol = i
  }
  if (traffic != "") tr = tr "# " tline "\n"
  print "# " line; next
}
section == "stat" && keep > 0 && !/^#/ && $0 != "" {
  split($0, cell, ","); line = ""
  for (i = 1; i <= keep; i++) line = line (i > 1 ? "," : "") cell[col[i]]
  if (traffic != "" && (cell[typecol] == "0" || cell[typecol] == "1")) {
    tline = ""
    for (i = 1; i <= tkeep; i++) tline = tline (i > 1 ? "," : "") cell[tcol[i]]
    tr = tr tline "\n"
  }
  print line; next
}
section == "proc" { gsub(/[0-9]+d[0-9][0-9]h[0-9][0-9]m[0-9][0-9]s/, "-"); print; next }
section == "ip" { gsub(/,"(valid|preferred)_life_time":[0-9]+/, ""); print; next }
section == "keepalived_json" {
  s = $0
  while (match(s, /"vrid":[0-9]+/)) {
    vrid = substr(s, RSTART + 7, RLENGTH - 7); s = substr(s, RSTART + RLENGTH)
    if (!match(s, /"stats":\{[^}]*\}/)) break
    st = substr(s, RSTART, RLENGTH); s = substr(s, RSTART + RLENGTH); sent = ""; rcvd = ""
    if (match(st, /"advert_sent":[0-9]+/)) sent = substr(st, RSTART + 14, RLENGTH - 14)
    if (match(st, /"advert_rcvd":[0-9]+/)) rcvd = substr(st, RSTART + 14, RLENGTH - 14)
    if (sent != "" && rcvd != "") vc = vc vrid " " sent " " rcvd "\n"
  }
  gsub(/"auth_data":"([^"\\]|\\.)*"/, "\"auth_data\":\"\""); gsub(/,"stats":\{[^}]*\}/, ""); print; next }
{ print }'

# Prints "@@NAME" and HAProxy's answer to one command on a socket, or "@@NAME_error" and why not.
ask_socket() {
  if [ ! -S "$2" ]; then printf '@@%s_error\n%s is missing\n' "$1" "$2"
  elif answer=$(echo "$3" | socat -t 2 - "UNIX-CONNECT:$2" 2>&1); then printf '@@%s\n%s\n' "$1" "$answer"
  else printf '@@%s_error\n%s\n' "$1" "$answer"; fi
}
json=/tmp/keepalived.json
json_for=""
json_sig=$(keepalived --signum=JSON 2>/dev/null)

# keepalived writes the dump some time after the signal, and the file appears before it is complete.
dump_json_now() {
  rm -f "$json"
  kill -s "$json_sig" "$kpid" 2>/dev/null || return 0
  i=0
  while [ $i -lt 40 ]; do
    if [ -s "$json" ] && [ "$(tail -c 3 "$json" | tr -d '\n\r ' | tail -c 1)" = "]" ]; then
      cat "$json"; return 0
    fi
    sleep 0.025; i=$((i + 1))
  done
}

probe() {
  echo "@@ip"
  ip -j addr show 2>&1
  echo "@@nonlocal_bind"
  cat /proc/sys/net/ipv4/ip_nonlocal_bind 2>&1 # dash's read gets nothing from a sysctl file
  echo "@@haproxy_master"
  hpid=""; { read -r hpid < "$hpid_file"; } 2>/dev/null
  if [ -n "$hpid" ] && kill -0 "$hpid" 2>/dev/null; then echo "$hpid"; fi
  echo "@@keepalived_pid"
  kpid=""
  for f in /run/keepalived/keepalived.pid /run/keepalived.pid /var/run/keepalived.pid; do
    p=""; { read -r p < "$f"; } 2>/dev/null; [ -n "$p" ] && kill -0 "$p" 2>/dev/null && { kpid=$p; break; }
  done
  [ -z "$kpid" ] && kpid=$(pgrep -o -x keepalived 2>/dev/null)
  echo "$kpid"
  echo "@@keepalived_state"
  [ -n "$kpid" ] && [ -f "$state_file" ] && cat "$state_file"
  if [ -n "$kpid" ] && [ -n "$json_sig" ]; then
    # The poller dates the VRRP state by this: a dump asked for at the previous answer is that old.
    if [ "$mode" = loop ] && [ -s "$json" ] && [ "$json_for" = "$kpid" ]; then
      # Asked for at the end of the previous poll, by this keepalived: written long since.
      echo "@@keepalived_json_asked"; echo previous
      echo "@@keepalived_json"
      cat "$json"
    else
      echo "@@keepalived_json_asked"; echo now
      echo "@@keepalived_json"
      dump_json_now
    fi
    if [ "$mode" = loop ]; then
      # The next poll's dump, asked for now so that the next answer need not wait for it.
      : > "$json"; json_for=$kpid
      kill -s "$json_sig" "$kpid" 2>/dev/null
    fi
  else
    echo "@@keepalived_json"
  fi
  # A kept socket connection outlives its socket file: whether new connections can reach it is asked here.
  echo "@@sockets"
  for f in "$admin_sock" "$master_sock"; do
    if [ -S "$f" ]; then echo "present $f"; else echo "missing $f"; fi
  done
  if [ "$sockets" = socat ] && command -v socat >/dev/null 2>&1; then
    ask_socket stat "$admin_sock" "show stat;show servers state"
    ask_socket proc "$master_sock" "show proc"
  fi
  if [ -n "$cap" ]; then
    # Adverts seen since the previous poll; a capture that ended (its time or count bound) starts again.
    # One that ended after capturing is still "on" (restarted below, in this poll): only a capture that
    # never ran, or died without a line, is "starting", so the bounded restarts do not change the state.
    echo "@@vrrp_capture"
    if [ -n "$cpid" ] && { kill -0 "$cpid" 2>/dev/null || [ -s "$cap" ]; }; then echo on; else echo starting; fi
    echo "@@vrrp_seen"
    head -c 65536 "$cap"; : > "$cap"
    kill -0 "$cpid" 2>/dev/null || start_capture
  elif [ "$viface" != "-" ] && [ "$mode" = loop ]; then
    printf '@@vrrp_capture\nno-tcpdump\n'
  fi
  echo "@@checksums"
  for f in "$cfg" "$kconf" "$@"; do
    if [ -r "$f" ]; then sha256sum "$f"; else echo "missing  $f"; fi
  done
  echo "@@end"
}

# The VRRP capture: tcpdump in the background, appending to a file the poll reads and empties. Bounded
# in time and count (a capture ends after 30 s or 20000 adverts and the next poll starts another); the
# poll reads at most 64 KiB of it. Where setpriv is installed, each process dies with its parent
# (a probe killed outright once left tcpdump running without its timeout): -Z root keeps tcpdump's
# credentials, whose change would clear that.
cap=""; cpid=""; guard=""; own=""
if [ "$mode" = loop ] && [ "$viface" != "-" ] && command -v tcpdump >/dev/null 2>&1; then
  cap=/tmp/hapair-probe.$$.vrrp
  if command -v setpriv >/dev/null 2>&1; then guard="setpriv --pdeathsig KILL"; own="-Z root"; fi
fi
start_capture() {
  : > "$cap"
  $guard timeout 30 $guard tcpdump $own -l -n -e -t -c 20000 -i "$viface" 'ip proto 112' >> "$cap" 2>/dev/null < /dev/null &
  cpid=$!
}

if [ "$mode" = loop ]; then
  # Gathered in a file, then written at once: one SSH data packet per answer instead of one per
  # command (and no subshell, so what a poll remembers for the next one is kept).
  raw=/tmp/hapair-probe.$$.raw; buf=/tmp/hapair-probe.$$.a; last=/tmp/hapair-probe.$$.b
  tfile=/tmp/hapair-probe.$$.t; sfile=/tmp/hapair-probe.$$.s; full=/tmp/hapair-probe.$$.f
  trap '[ -n "$cpid" ] && kill "$cpid" 2>/dev/null; rm -f "$raw" "$buf" "$last" "$tfile" "$sfile" "$full" $cap' EXIT
  rm -f "$last"
  while IFS= read -r _; do
    probe "$@" > "$raw"
    awk -v tfile="$tfile" -v sfile="$sfile" -v traffic="$traffic" "$filter" "$raw" > "$buf"
    if [ "$changes" = changes ] && [ -s "$last" ] && cmp -s "$buf" "$last"; then
      cat "$sfile"
    else
      cat "$buf" "$tfile" > "$full"; cat "$full"
      swap=$last; last=$buf; buf=$swap
    fi
  done
else
  raw=/tmp/hapair-probe.$$.raw
  trap 'rm -f "$raw"' EXIT
  probe "$@" > "$raw"
  awk "$filter" "$raw"
fi
