#!/usr/bin/env bash
# Installs whatever a fresh Debian machine of this kind lacks, and nothing when all is present:
# Debian packages (the lab's daemons, Chromium for Playwright), npm dependencies, the Prisma client.
# Idempotent and quiet when there is nothing to do; safe to call from every entry script.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=0
[[ "${1:-}" == "--quiet" ]] && quiet=1
say() { ((quiet)) || echo "[deps] $*"; }

apt_packages=(
  haproxy keepalived openssh-server openssh-client iproute2 iptables psmisc iputils-ping
  tini openssl curl wrk socat sqlite3 procps util-linux time chromium fonts-dejavu-core iputils-arping tcpdump
  prometheus pebble systemd
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
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
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

# The generated Prisma client is not committed; regenerate it when the schema changed.
schema_sum=$(cat prisma/schema.prisma prisma.config.ts 2>/dev/null | sha256sum | cut -d' ' -f1)
gen_stamp=generated/.schema.sha256
if [[ -f prisma/schema.prisma && ( ! -f "$gen_stamp" || "$(cat "$gen_stamp")" != "$schema_sum" ) ]]; then
  say "prisma generate"
  npx prisma generate >/dev/null
  echo "$schema_sum" > "$gen_stamp"
fi
exit 0
