#!/usr/bin/env bash
# targets.sh — release benchmark of `iacc build` (check + graph + all targets + plan + write) and of
# `iacc plan` with nothing to change, and of a build that changes every file (the source renamed, so
# every header differs: each file is read back, diffed structurally and rewritten), on the peers' workload at N = 100, 1,000 and 10,000 services,
# against two libyaml floors built from Benchmarks/floor/emit_files.c:
#   stream — the 3N documents as one YAML stream in one file (../shared/bench's floor);
#   files  — the same documents, one file per object, written as iacc writes (temporary file,
#            syncfs, rename, syncfs): the floor for iacc's own layout and guarantees.
# With ../shared/bench set up (its setup.sh), it also times the peers on the same N.
#
#   ./Benchmarks/targets.sh                 # SIZES="100 1000 10000" RUNS=5, output on the repository's disk
#   OUT_ROOT=/dev/shm/iacc-bench ./Benchmarks/targets.sh   # output on tmpfs: no disk, user space only
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
OUT_ROOT=${OUT_ROOT:-$WORK}
mkdir -p "$WORK" "$OUT_ROOT"
FLOOR=$WORK/emit_files
cc -O2 -o "$FLOOR" Benchmarks/floor/emit_files.c -lyaml

median() { python3 -c "import json,sys; print('%.4f' % json.load(open(sys.argv[1]))['results'][0]['median'])" "$1"; }
ratio() { python3 -c "import sys; print('%.1f' % (float(sys.argv[1]) / float(sys.argv[2])))" "$1" "$2"; }
# Microseconds of a build per document it emits: flat from one N to the next when the cost is linear.
per_document() { python3 -c "import sys; print('%.0f' % (float(sys.argv[1]) * 1e6 / int(sys.argv[2])))" "$1" "$2"; }
peak_kib() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
# Each timed run starts from an empty folder, with the deletion of the previous tree already on disk
# (otherwise the next syncfs pays for it).
fresh() { echo "sh -c 'rm -rf $1; sync'"; }

echo "output under $OUT_ROOT"
printf '%8s %7s %10s %10s %10s %8s %10s %8s %9s %8s %8s %8s %8s\n' services docs "floor str" "floor files" "build k8s" \
  "µs/doc" "build all" "plan" "rewrite" "peak MiB" "peak rw" "×files" "×stream"
for n in $SIZES; do
  dir=$WORK/n$n
  out=$OUT_ROOT/n$n
  mkdir -p "$dir/src" "$dir/renamed" "$out"
  "$BIN/iacc-bench" workload --services "$n" > "$dir/src/main.iac"
  cp "$dir/src/main.iac" "$dir/renamed/other.iac"
  rm -rf "$out/k8s" "$out/all"
  "$BIN/iacc" build "$dir/src" --env k8s --out "$out/k8s" >/dev/null
  docs=$(find "$out/k8s" -name '*.yaml' | wc -l)
  hyperfine -N -r "$RUNS" -w 1 --prepare "$(fresh "$out/stream.yaml")" --export-json "$dir/stream.json" \
    "$FLOOR stream $n $out/stream.yaml" >/dev/null 2>&1
  hyperfine -N -r "$RUNS" -w 1 --prepare "$(fresh "$out/floor")" --export-json "$dir/files.json" \
    "$FLOOR files $n $out/floor" >/dev/null 2>&1
  hyperfine -N -r "$RUNS" -w 1 --prepare "$(fresh "$out/fresh")" --export-json "$dir/k8s.json" \
    "$BIN/iacc build $dir/src --env k8s --out $out/fresh" >/dev/null 2>&1
  hyperfine -N -r "$RUNS" -w 1 --prepare "$(fresh "$out/fresh")" --export-json "$dir/all.json" \
    "$BIN/iacc build $dir/src --out $out/fresh" >/dev/null 2>&1
  "$BIN/iacc" build "$dir/src" --out "$out/fresh" >/dev/null
  hyperfine -N -r "$RUNS" -w 1 --export-json "$dir/plan.json" "$BIN/iacc plan $dir/src --out $out/fresh" >/dev/null 2>&1
  hyperfine -N -r "$RUNS" -w 1 --prepare "sh -c 'rm -rf $out/fresh; $BIN/iacc build $dir/src --out $out/fresh >/dev/null; sync'" \
    --export-json "$dir/rewrite.json" "$BIN/iacc build $dir/renamed --out $out/fresh" >/dev/null 2>&1
  rm -rf "$out/fresh"
  "$BIN/iacc" build "$dir/src" --out "$out/fresh" >/dev/null
  peak_rewrite=$(peak_kib "$BIN/iacc" build "$dir/renamed" --out "$out/fresh")
  rm -rf "$out/fresh"
  peak=$(peak_kib "$BIN/iacc" build "$dir/src" --out "$out/fresh")
  rm -rf "$out/fresh" "$out/floor" "$out/stream.yaml" "$out/k8s"
  k8s=$(median "$dir/k8s.json")
  files=$(median "$dir/files.json")
  stream=$(median "$dir/stream.json")
  printf '%8s %7s %10s %10s %10s %8s %10s %8s %8s %9s %8s %8s %8s\n' "$n" "$docs" "$stream" "$files" "$k8s" \
    "$(per_document "$k8s" "$docs")" "$(median "$dir/all.json")" "$(median "$dir/plan.json")" "$(median "$dir/rewrite.json")" "$((peak / 1024))" \
    "$((peak_rewrite / 1024))" "$(ratio "$k8s" "$files")" "$(ratio "$k8s" "$stream")"
done
echo "build all, plan, rewrite: both environments; peak: build all; peak rw: rewrite"
echo "µs/doc: build k8s per document it writes (the 3N objects, a Namespace and a kustomization)"
echo "×files, ×stream: build k8s (the same 3N objects, plus a Namespace and a kustomization) over each floor"

if [ -x "$SHARED_BENCH/run-peers.sh" ] && [ -x "${BENCH_CACHE:-$HOME/.cache/iacc-bench}/venv/bin/python" ]; then
  for n in $SIZES; do
    echo "peers at N=$n (whole process, medians):"
    "$SHARED_BENCH/run-peers.sh" "$n" $PEERS
  done
else
  echo "(peers skipped: run $SHARED_BENCH/setup.sh once to compare with jsonnet, kustomize, cdk8s and the libyaml floor)"
fi
