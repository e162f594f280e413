#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (AddressSanitizer, coverage) and runs each for SECONDS.
#   scripts/fuzz.sh [SECONDS] [TARGET…]     SECONDS defaults to 30; TARGET: CommandLine, Transcript,
#                                            Datasets, AclImdb, WordVectors, Safetensors, Zoo, Bert (all by default)
# Prints per target: executions, seconds, crashes. Exit 1 on any crash; the crashing input is kept
# in Fuzz/crashes/ (minimise it with: BINARY -minimize_crash=1 -runs=10000 FILE). The corpus grows
# in Fuzz/corpus/TARGET (not committed); seeds are generated into a temporary folder from our own
# inputs and a few lines of $REPL_DATA (default ../shared/data).
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
shift $(( $# > 0 ? 1 : 0 ))
all=(CommandLine Transcript Datasets AclImdb WordVectors Safetensors Zoo Bert)
targets=("${@:-${all[@]}}")
data=${REPL_DATA:-../shared/data}
bin=Fuzz/.build/debug

for name in "${targets[@]}"; do
  [[ " ${all[*]} " == *" ${name#Fuzz} "* ]] || { echo "fuzz.sh: unknown target '$name' (known: ${all[*]})"; exit 2; }
done
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
build_started=$(date +%s)
# SwiftPM's --sanitize=fuzzer keeps libFuzzer's main at link time; its separate -sanitize= flags override
# each other in swiftc, so -Xswiftc -sanitize=fuzzer,address (last) gives the coverage instrumentation.
if ! swift build --package-path Fuzz --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library \
  >"$seeds/build.log" 2>&1; then
  grep -E "error" "$seeds/build.log" | head -5
  echo "fuzz.sh: the fuzz build failed (swift build --package-path Fuzz)"
  exit 2
fi
echo "build: $(( $(date +%s) - build_started )) s"
if [[ -x .build/debug/repl ]]; then  # one checkpoint of our own format, with every metadata key
  printf '%s\n' "synth s domain=movies n=40 seed=1" "vocab v from s" \
    "model m = embedding dim=4 | lstm hidden=4 | pool last | dense out=2 vocab=v" \
    "train m on s epochs=1" "save m to $seeds/model.safetensors" | .build/debug/repl >/dev/null 2>&1
  export FUZZ_CHECKPOINTS=$seeds/model.safetensors
fi
python3 Fuzz/make-seeds.py . "$data" "$seeds/corpora" || exit 2

mkdir -p Fuzz/crashes
export LSAN_OPTIONS=suppressions=$PWD/Fuzz/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}
failed=0
printf '%-14s %12s %8s %8s\n' target executions seconds crashes
for name in "${targets[@]}"; do
  target=Fuzz${name#Fuzz}
  mkdir -p "Fuzz/corpus/$target" "$seeds/corpora/$target"
  log=$seeds/$target.log
  before=$(ls Fuzz/crashes | wc -l)
  started=$(date +%s)
  TMPDIR="$seeds" "$bin/$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="Fuzz/crashes/$target-" \
    "Fuzz/corpus/$target" "$seeds/corpora/$target" >"$log" 2>&1
  status=$?
  elapsed=$(( $(date +%s) - started ))
  crashes=$(( $(ls Fuzz/crashes | wc -l) - before ))
  (( status != 0 && crashes == 0 )) && crashes=1
  runs=$(grep -o 'number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  printf '%-14s %12s %8s %8s\n' "$name" "${runs:-0}" "$elapsed" "$crashes"
  if (( crashes > 0 )); then
    failed=1
    cp "$log" "Fuzz/crashes/$target.log"
    grep -m3 -E "ERROR|Fatal error|SUMMARY" "$log" | sed 's/^/    /'
  fi
done
exit $failed
