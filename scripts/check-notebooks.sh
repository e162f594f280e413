#!/usr/bin/env bash
# Replays every notebook with --check, twice, to prove the lessons still give the recorded results
# and that replay is deterministic. Uses ../shared/data as the data directory unless REPL_DATA is set.
set -euo pipefail
repl=${1:-.build/release/repl}
export REPL_DATA=${REPL_DATA:-$(cd .. && pwd)/shared/data}
shopt -s nullglob
books=(notebooks/*.txt)
[ ${#books[@]} -gt 0 ] || { echo "no notebooks"; exit 0; }
passed=0; failed=0
for round in 1 2; do
  for nb in "${books[@]}"; do
    if "$repl" --run "$nb" --check > /tmp/notebook-check.log 2>&1; then
      passed=$((passed + 1))
    else
      failed=$((failed + 1)); echo "FAILED (round $round): $nb"; tail -40 /tmp/notebook-check.log
    fi
  done
done
echo "notebooks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
