#!/usr/bin/env bash
# Runs `next build` unless the existing build is newer than every source file it depends on.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -f .next/BUILD_ID ]] && [[ -z "$(find app lib proxy.ts next.config.ts postcss.config.mjs package-lock.json prisma/schema.prisma -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]]; then
  echo "[build] up to date"
  exit 0
fi
NEXT_TELEMETRY_DISABLED=1 npx next build
