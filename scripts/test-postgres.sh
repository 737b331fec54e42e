#!/usr/bin/env bash
# The `postgres` phase of `npm test`: the tests that use a database (those calling useTestDatabase)
# run again on a throw-away PostgreSQL server (e2e/postgres/server.ts: own folder, port 55432),
# which is stopped and removed at the end whatever happened. Usage: scripts/test-postgres.sh OUT_DIR
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-test-results}
mkdir -p "$out"
export HAPAIR_PG_DIR=${HAPAIR_PG_DIR:-/tmp/hapair-pg-test}
export HAPAIR_PG_PORT=${HAPAIR_PG_PORT:-55432}
stop() { npx tsx e2e/postgres/server.ts stop || echo "[postgres] could not stop the test server in $HAPAIR_PG_DIR" >&2; }
trap stop EXIT
url=$(npx tsx e2e/postgres/server.ts start) || exit 1
export HAPAIR_TEST_PG_URL=$url
mapfile -t files < <(grep -rlE "useTestDatabase|onPostgres\(\)" --include='*.test.ts' lib agents app scripts | sort)
echo "[postgres] ${#files[@]} test files on $url"
# Two workers: much of each test's time is the server's, so two files at a time fit two cores.
npx vitest run --project postgres --maxWorkers=2 --reporter=default --reporter=json --outputFile="$out/postgres.json" "${files[@]}"
