#!/usr/bin/env bash
# `npm run demo`: from a clean clone on a fresh Debian machine (as root), installs what is missing,
# brings the lab (a real HAProxy + Keepalived pair in network namespaces) up, registers it as a
# cluster, builds the app and serves the dashboard and the agents on http://127.0.0.1:3000.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# The lab's SSH key sits in its state folder; hapair reads key files only from HAPAIR_KEY_DIR.
export HAPAIR_KEY_DIR="${HAPAIR_KEY_DIR:-${HAPAIR_LAB_STATE_DIR:-/run/hapair-lab}}"
bash scripts/ensure-deps.sh
npx tsx e2e/lab/cli.ts up
bash scripts/build-if-stale.sh
npx tsx scripts/register-lab.ts
cat <<MSG

  hapair is starting on http://127.0.0.1:${PORT:-3000}
  The lab cluster "lab" (lb-01, lb-02, VIP 10.0.0.100) is registered.
  First visit: the browser asks you to create the first admin (or: npx hapair user add NAME --role admin).
  Stop with Ctrl-C; remove the lab with: npm run lab -- down

MSG
exec npx tsx scripts/start.ts
