#!/usr/bin/env bash
# Our LSTM/transformer benchmarks and their PyTorch peers, one after the other on this machine, at 1
# thread (and A, B at 2), with the native instruction set and with AVX2 forced when the CPU has
# AVX-512 (ours: REPL_ISA=avx2; PyTorch: ATEN_CPU_CAPABILITY, MKL and oneDNN limited to AVX2).
# Each program prints JSON lines; they are collected in OUT (default bench-results.jsonl) and the
# CPU model and flags are printed first. Run on an idle machine:
#   scripts/bench-side-by-side.sh [OUT]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-bench-results.jsonl}
: > "$out"
lscpu | grep -E '^Model name|^CPU family|^Model:' | tee -a "$out"
grep -o -w -E 'avx512f|avx2|fma' /proc/cpuinfo | sort -u | tr '\n' ' ' | tee -a "$out"; echo | tee -a "$out"
swift build -c release --product Benchmarks >/dev/null
bench=.build/release/Benchmarks
isas=(native)
grep -q -w avx512f /proc/cpuinfo && isas+=(avx2)
for isa in "${isas[@]}"; do
  if [ "$isa" = native ]; then env=(); else env=(REPL_ISA="$isa"); fi
  env "${env[@]}" "$bench" lstm configs=A,B,C,T,CA,BT threads=1 memory=no gemm=no | tee -a "$out"
  env "${env[@]}" "$bench" lstm configs=A,B threads=2 memory=no gemm=no | tee -a "$out"
done
shared=../shared/bench/torch_lstm.py
# PyTorch with its native kernels, then (on an AVX-512 CPU) forced to AVX2 as ours is above.
torch_avx2=(ATEN_CPU_CAPABILITY=avx2 MKL_ENABLE_INSTRUCTIONS=AVX2 DNNL_MAX_CPU_ISA=AVX2)
for isa in "${isas[@]}"; do
  if [ "$isa" = native ]; then env=(); else env=("${torch_avx2[@]}"); fi
  echo "{\"peers\":\"pytorch\",\"isa\":\"$isa\"}" | tee -a "$out"
  peer() { env "${env[@]}" python3 "$@" | tee -a "$out"; }
  peer "$shared" --threads 1 --vocab 20000 --embed 128 --hidden 256 --seq 128 --batch 32
  peer "$shared" --threads 1 --vocab 10000 --embed 64 --hidden 128 --seq 64 --batch 64
  peer "$shared" --threads 1 --lm --vocab 10000 --embed 128 --hidden 256 --seq 64 --batch 32
  peer "$shared" --threads 2 --vocab 20000 --embed 128 --hidden 256 --seq 128 --batch 32
  peer "$shared" --threads 2 --vocab 10000 --embed 64 --hidden 128 --seq 64 --batch 64
  for m in transformer adaptive bert-tiny; do peer scripts/torch_peer.py --model "$m" --threads 1; done
done
echo "results in $out"
