#!/usr/bin/env bash
# Replays every notebook with --check, twice, to prove the lessons still give the recorded results
# and that replay is deterministic. Uses ../shared/data as the data directory unless REPL_DATA is set.
set -euo pipefail
repl=${1:-.build/release/repl}
export REPL_DATA=${REPL_DATA:-$(cd .. && pwd)/shared/data}
shopt -s nullglob
books=(notebooks/*.txt)
[ ${#books[@]} -gt 0 ] || { echo "no notebooks"; exit 0; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0; failed=0
for round in 1 2; do
  for nb in "${books[@]}"; do
    start=$SECONDS
    if "$repl" --run "$nb" --check --color=never > "$log" 2>&1; then
      passed=$((passed + 1)); echo "ok (round $round, $((SECONDS - start))s): $nb"
    else
      failed=$((failed + 1)); echo "FAILED (round $round): $nb"; tail -40 "$log"
    fi
  done
done
echo "notebooks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
