#!/usr/bin/env bash
# Runs the sanitizer checks of issue 16 in their own build folders (the normal .build is untouched):
#   scripts/sanitize.sh [asan|tsan]…   (both by default)
#   asan  AddressSanitizer (Swift and C) + UndefinedBehaviorSanitizer (C) (.build-asan): the kernel tests
#         (TensorCoreTests, TrainingTests InstructionSet*) and a replay of notebooks/quickstart.txt
#   tsan  ThreadSanitizer (.build-tsan): `train threads=2` on a small synthetic dataset
# Prints the time of each part and the number of sanitizer reports; exit 1 if there is any report
# or a failing test. Logs are kept in .build-asan/sanitize-*.log and .build-tsan/sanitize-*.log.
set -uo pipefail
cd "$(dirname "$0")/.."
export REPL_DATA=${REPL_DATA:-$PWD/../shared/data}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/Fuzz/lsan.supp}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=0}
failed=0

# The sanitizer reports in LOG: ASan/TSan/LSan errors and UBSan "runtime error" lines.
reports() {
  grep -cE "ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer|runtime error:" "$1"
}

# step NAME LOG COMMAND…: runs COMMAND into LOG, prints its time, status and reports.
step() {
  local name=$1 log=$2 started=$SECONDS status count
  shift 2
  "$@" >"$log" 2>&1
  status=$?
  count=$(reports "$log")
  printf '%-34s %5d s  exit %-3d reports %d\n' "$name" $((SECONDS - started)) "$status" "$count"
  if ((status != 0 || count > 0)); then
    failed=1
    grep -m5 -E "SUMMARY|runtime error:|error:|failed" "$log" | sed 's/^/    /'
  fi
}

asan() {
  # swiftc has no -sanitize=undefined on Linux (Swift traps overflow and bounds itself): UBSan
  # instruments the C kernels; its handlers are part of the ASan runtime the link brings in.
  local flags=(--scratch-path .build-asan --sanitize=address -Xcc -fsanitize=undefined)
  step "asan+ubsan build (tests, repl)" /tmp/sanitize-asan-build.$$.log swift build --build-tests "${flags[@]}"
  mv /tmp/sanitize-asan-build.$$.log .build-asan/sanitize-build.log 2>/dev/null
  step "asan+ubsan kernel tests" .build-asan/sanitize-tests.log \
    swift test --skip-build "${flags[@]}" --filter 'TensorCoreTests|TrainingTests.InstructionSet'
  step "asan+ubsan quickstart replay" .build-asan/sanitize-replay.log \
    .build-asan/debug/repl --run notebooks/quickstart.txt --check --color=never
}

tsan() {
  local flags=(--scratch-path .build-tsan --sanitize=thread)
  step "tsan build (repl)" /tmp/sanitize-tsan-build.$$.log swift build --product repl "${flags[@]}"
  mv /tmp/sanitize-tsan-build.$$.log .build-tsan/sanitize-build.log 2>/dev/null
  # A small training run with two worker threads (synthetic data: no files needed).
  step "tsan train threads=2" .build-tsan/sanitize-train.log .build-tsan/debug/repl \
    -c "synth s domain=movies n=1000 seed=1" -c "vocab v from s" \
    -c "model m = embedding dim=16 | lstm hidden=16 | pool last | dense out=2 vocab=v" \
    -c "train m on s epochs=3 batch=32 threads=2" -c "eval m on s" \
    -c "model t = embedding dim=16 | transformer heads=2 | pool mean | dense out=2 vocab=v" \
    -c "train t on s epochs=1 batch=32 threads=2"
}

for part in "${@:-asan tsan}"; do
  for p in $part; do
    case $p in
      asan | tsan) $p ;;
      *) echo "sanitize.sh: unknown part '$p' (asan or tsan)"; exit 2 ;;
    esac
  done
done
exit $failed
