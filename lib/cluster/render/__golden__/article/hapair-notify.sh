#!/bin/sh
# Managed by hapair (cluster article): keepalived state hook, identical on both nodes.
[ "$1" = INSTANCE ] || exit 0
state_file=/run/keepalived/hapair-state
mkdir -p "${state_file%/*}"
tmp="$state_file.$$"
{ grep -v "^$2 " "$state_file" 2>/dev/null; echo "$2 $3 ${4:-} $(date +%s)"; } > "$tmp"
mv -f "$tmp" "$state_file"
