#!/usr/bin/env bash
# The lab phase of `npm test`, in two shards run side by side on their own pairs (the lab has three):
# shard B on lab-3, listed here; shard A on `lab` (with lab-2 as its "other cluster"): every other lab
# test, so a new test lands in A by default. Then the tests that must not share the lab with another
# shard run alone: the certificate replacement under load (beside shard B, 64 of its 1,500 keep-alive
# requests timed out in two fresh runs, cause not found yet; alone: 0), then lab-lifecycle, which takes
# the whole lab down. Reports: $OUT/lab.json (A), lab-b.json, lab-alone.json, lab-solo.json.
# Tests on PostgreSQL (agents-ha) start and stop a throw-away server of their own per pair
# (e2e/integration/lab-postgres.ts); the trap stops those folders again should vitest die first.
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-test-results}
stop_lab_postgres() {
  local pair
  for pair in lab lab-3; do
    HAPAIR_PG_DIR=/tmp/hapair-pg-$pair npx tsx e2e/postgres/server.ts stop ||
      echo "[lab] could not stop the test PostgreSQL server in /tmp/hapair-pg-$pair" >&2
  done
}
trap stop_lab_postgres EXIT
dir=e2e/integration
shard_b=(
  rollout-crash-steps rollout-backups rollout-restart rollout-happy drills-more drills-schedule
  drills-gateway drills-pages drills-node drills-restart alerts-escalation split-brain-load prometheus
  bad-key-isolation acme arp-truth segment-vrrp
)
solo=lab-lifecycle
alone=certificates
b_files=()
excludes=(--exclude "$dir/$solo.test.ts" --exclude "$dir/$alone.test.ts")
for name in "${shard_b[@]}"; do
  b_files+=("$dir/$name.test.ts")
  excludes+=(--exclude "$dir/$name.test.ts")
done
reporters=(--reporter=default --reporter=json)

HAPAIR_TEST_PAIR=lab-3 npx vitest run --project lab "${b_files[@]}" "${reporters[@]}" \
  --outputFile="$out/lab-b.json" > "$out/lab-b.log" 2>&1 &
b_pid=$!
npx vitest run --project lab "${excludes[@]}" "${reporters[@]}" --outputFile="$out/lab.json"
a_status=$?
wait "$b_pid"
b_status=$?
echo "=== lab shard B (lab-3)"
cat "$out/lab-b.log"
echo "=== lab, alone: $alone"
npx vitest run --project lab "$dir/$alone.test.ts" "${reporters[@]}" --outputFile="$out/lab-alone.json"
alone_status=$?
echo "=== lab, alone: $solo"
npx vitest run --project lab "$dir/$solo.test.ts" "${reporters[@]}" --outputFile="$out/lab-solo.json"
solo_status=$?
((a_status == 0 && b_status == 0 && alone_status == 0 && solo_status == 0))
