#!/usr/bin/env bash
# `npm test`: installs what is missing, then runs the type check, unit tests, the database tests on
# PostgreSQL, lab integration tests (real namespaces, sshd, HAProxy, Keepalived) and Playwright
# browser tests, and ends with one line
# "total: N passed, N failed". Every phase runs even when an earlier one failed, so one run shows all.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
out=test-results
rm -rf "$out"; mkdir -p "$out"
declare -A seconds=()
failed_phases=()

run_phase() { # name, command...
  local name=$1; shift
  local start=$SECONDS
  echo "=== $name"
  if ! "$@"; then failed_phases+=("$name"); fi
  seconds[$name]=$((SECONDS - start))
}

run_phase install bash scripts/ensure-deps.sh
if [[ " ${failed_phases[*]} " == *" install "* ]]; then
  echo "total: 0 passed, 1 failed"; exit 1
fi
run_phase typecheck npx tsc --noEmit
run_phase lint npm run --silent lint
run_phase unit npx vitest run --project unit --reporter=default --reporter=json --outputFile="$out/unit.json"
# The database tests again on a throw-away PostgreSQL server (started and stopped by the script).
run_phase postgres bash scripts/test-postgres.sh "$out"

# Built before the lab phase: the remote-CLI lab test runs the built app (scripts/start.ts).
run_phase build npx next build

lab_was_up=0
npx tsx e2e/lab/cli.ts status --json 2>/dev/null | grep -q '"up": *true' && lab_was_up=1
# Four pairs: lab, lab-3 and lab-4 run the three lab shards side by side; lab-2 is the "other cluster"
# that must keep updating while a node of lab fails.
if ((lab_was_up)); then run_phase lab-up npx tsx e2e/lab/cli.ts up --pairs 4 --leave-running; else run_phase lab-up npx tsx e2e/lab/cli.ts up --pairs 4; fi
run_phase lab bash scripts/test-lab.sh "$out"
PLAYWRIGHT_JSON_OUTPUT_NAME="$out/browser.json" run_phase browser npx playwright test --reporter=list,json
((lab_was_up)) || run_phase lab-down npx tsx e2e/lab/cli.ts down

echo "=== timings (s): $(for k in install typecheck lint unit postgres build lab-up lab browser lab-down; do [[ -n "${seconds[$k]:-}" ]] && printf '%s=%s ' "$k" "${seconds[$k]}"; done)"
npx tsx scripts/test-summary.ts "$out" "${failed_phases[@]}"
