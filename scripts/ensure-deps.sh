#!/usr/bin/env bash
# Installs whatever a fresh Debian machine of this kind lacks, and nothing when all is present:
# Debian packages (the lab's daemons, Chromium for Playwright, PostgreSQL for the postgres test
# phase), npm dependencies, the Prisma clients.
# Idempotent and quiet when there is nothing to do; safe to call from every entry script.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=0
[[ "${1:-}" == "--quiet" ]] && quiet=1
say() { ((quiet)) || echo "[deps] $*"; }

apt_packages=(
  haproxy keepalived openssh-server openssh-client iproute2 iptables psmisc iputils-ping
  tini openssl curl wrk socat sqlite3 procps util-linux time chromium fonts-dejavu-core iputils-arping tcpdump
  prometheus pebble postgresql-15 systemd
)
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "[deps] missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
    exit 1
  fi
  echo "[deps] installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  others=()
  for pkg in "${missing[@]}"; do [[ $pkg == postgresql-15 ]] || others+=("$pkg"); done
  ((${#others[@]})) && apt-get install -y -qq --no-install-recommends "${others[@]}" >/dev/null
  if ((${#others[@]} < ${#missing[@]})); then
    # Debian's package starts a "main" cluster on port 5432 where it can; the tests run their own
    # (e2e/postgres/server.ts), so service starts are refused (policy-rc.d) while it installs.
    policy=/usr/sbin/policy-rc.d own_policy=0
    if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; own_policy=1; fi
    apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null || { ((own_policy)) && rm -f "$policy"; exit 1; }
    ((own_policy)) && rm -f "$policy"
  fi
fi

# npm dependencies: reinstall exactly from the lock file whenever it changed since the last install.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
stamp=node_modules/.hapair-lock.sha256
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$lock_sum" ]]; then
  echo "[deps] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > "$stamp"
fi

# ssh2's optional native crypto (AES-GCM with a reused context instead of a new cipher per packet)
# cuts the poller's CPU per node-poll; it is built here against Debian's Node headers (npm cannot
# download headers on this network). ssh2 still works, slower, if the build fails.
ssh2_binding=node_modules/ssh2/lib/protocol/crypto/build/Release/sshcrypto.node
if [[ ! -f "$ssh2_binding" && ! -f node_modules/ssh2/.hapair-binding-failed ]]; then
  say "building ssh2's native crypto binding"
  if ! (cd node_modules/ssh2 && npm_config_nodedir=/usr npm run --silent rebuild >/dev/null 2>&1 && [[ -f "lib/protocol/crypto/build/Release/sshcrypto.node" ]]); then
    echo "[deps] ssh2's native crypto binding did not build; ssh2 uses its JavaScript ciphers (slower polls)" >&2
    touch node_modules/ssh2/.hapair-binding-failed
  fi
fi

# The generated Prisma clients (SQLite's, and PostgreSQL's from the derived schema) are not
# committed; regenerate them when a schema changed.
schema_sum=$(cat prisma/schema.prisma prisma.config.ts prisma/postgres/schema.prisma prisma.postgres.config.ts 2>/dev/null | sha256sum | cut -d' ' -f1)
gen_stamp=generated/.schema.sha256
if [[ -f prisma/schema.prisma && ( ! -f "$gen_stamp" || "$(cat "$gen_stamp")" != "$schema_sum" ) ]]; then
  say "prisma generate"
  npx prisma generate >/dev/null
  npx prisma generate --config prisma.postgres.config.ts >/dev/null
  echo "$schema_sum" > "$gen_stamp"
fi
exit 0
