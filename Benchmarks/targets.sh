#!/usr/bin/env bash
# targets.sh — release benchmark of `iacc build` (check + graph + all targets + plan + write) and of
# `iacc plan` with nothing to change, on the peers' workload at N = 100, 1,000 and 10,000 services.
# With ../shared/bench set up (its setup.sh), it also times the peers on the same N for ratios.
#
#   ./Benchmarks/targets.sh                 # SIZES="100 1000 10000" RUNS=5
#   PEERS="libyaml jsonnet" ./Benchmarks/targets.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-bench}
SIZES=${SIZES:-"100 1000 10000"}
RUNS=${RUNS:-5}
PEERS=${PEERS:-"libyaml jsonnet"}
SHARED_BENCH=${SHARED_BENCH:-../shared/bench}

swift build -c release --scratch-path "$SCRATCH" --static-swift-stdlib --product iacc >/dev/null
swift build -c release --scratch-path "$SCRATCH" --static-swift-stdlib --product iacc-bench >/dev/null
BIN=$SCRATCH/release
WORK=$SCRATCH/targets
mkdir -p "$WORK"

median() { python3 -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$1"; }
peak_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

printf '%8s %8s %12s %12s %12s %10s %12s\n' services docs "build k8s s" "build all s" "plan s" "peak MiB" "µs/doc(all)"
for n in $SIZES; do
  dir=$WORK/n$n
  mkdir -p "$dir/src"
  "$BIN/iacc-bench" workload --services "$n" > "$dir/src/main.iac"
  rm -rf "$dir/out-k8s" "$dir/out-all"
  "$BIN/iacc" build "$dir/src" --env k8s --out "$dir/out-k8s" >/dev/null
  "$BIN/iacc" build "$dir/src" --env all --out "$dir/out-all" >/dev/null
  docs_k8s=$(find "$dir/out-k8s" -name '*.yaml' ! -name kustomization.yaml | wc -l)
  docs_all=$((docs_k8s + $(find "$dir/out-all" -name '*.y*ml' | wc -l)))
  hyperfine -N -r "$RUNS" -w 1 --prepare "rm -rf $dir/fresh" --export-json "$dir/k8s.json" \
    "$BIN/iacc build $dir/src --env k8s --out $dir/fresh" >/dev/null 2>&1
  hyperfine -N -r "$RUNS" -w 1 --prepare "rm -rf $dir/fresh" --export-json "$dir/all.json" \
    "$BIN/iacc build $dir/src --out $dir/fresh" >/dev/null 2>&1
  "$BIN/iacc" build "$dir/src" --out "$dir/fresh" >/dev/null
  hyperfine -N -r "$RUNS" -w 1 --export-json "$dir/plan.json" "$BIN/iacc plan $dir/src --out $dir/fresh" >/dev/null 2>&1
  rm -rf "$dir/fresh"
  peak=$(peak_kib "$BIN/iacc" build "$dir/src" --out "$dir/fresh")
  build_all=$(median "$dir/all.json")
  printf '%8s %8s %12s %12s %12s %10s %12s\n' "$n" "$docs_all" "$(median "$dir/k8s.json")" "$build_all" \
    "$(median "$dir/plan.json")" "$((peak / 1024))" "$(python3 -c "print('%.1f' % ($build_all * 1e6 / $docs_all))")"
done

if [ -x "$SHARED_BENCH/run-peers.sh" ] && [ -x "${BENCH_CACHE:-$HOME/.cache/iacc-bench}/venv/bin/python" ]; then
  for n in $SIZES; do
    echo "peers at N=$n (whole process, medians):"
    "$SHARED_BENCH/run-peers.sh" "$n" $PEERS
  done
else
  echo "(peers skipped: run $SHARED_BENCH/setup.sh once to compare with jsonnet, kustomize, cdk8s and the libyaml floor)"
fi
