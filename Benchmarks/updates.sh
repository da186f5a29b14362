#!/usr/bin/env bash
# updates.sh — release benchmark of builds over an existing tree, where the plan reads every changed
# file back and diffs it structurally, on the peers' workload (N services, default 10,000):
#   nothing  — the same source again: nothing changes, nothing is written;
#   renamed  — the source file renamed: every file's header differs, its YAML does not;
#   one      — one service's image changed: its Deployment, and its entry in the compose file;
#   every    — every service's image changed: every Deployment, and every service of the compose file.
# Each row: the median wall time of RUNS builds and the peak RSS (GNU time, KiB / 1,024), each
# starting from a fresh tree of the unchanged source.
#
#   ./Benchmarks/updates.sh                        # N=10000 RUNS=3, output under .build-bench
#   OUT_ROOT=/dev/shm/iacc-bench N=1000 ./Benchmarks/updates.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${SCRATCH:-.build-bench}
N=${N:-10000}
RUNS=${RUNS:-3}

swift build -c release --scratch-path "$SCRATCH" --static-swift-stdlib --product iacc >/dev/null
swift build -c release --scratch-path "$SCRATCH" --static-swift-stdlib --product iacc-bench >/dev/null
BIN=$SCRATCH/release
WORK=$SCRATCH/updates/n$N
OUT=${OUT_ROOT:-$SCRATCH/updates}/tree-$N
# One source folder, so that the files' headers (which name the source) stay the same unless the
# source is renamed; each variant is copied into it before its build.
mkdir -p "$WORK/variants" "$WORK/src"
"$BIN/iacc-bench" workload --services "$N" >"$WORK/variants/nothing"
cp "$WORK/variants/nothing" "$WORK/variants/renamed"
sed 's#app-0:1\.2\.3"#app-0:1.2.4"#' "$WORK/variants/nothing" >"$WORK/variants/one"
sed 's#:1\.2\.3"#:1.2.4"#' "$WORK/variants/nothing" >"$WORK/variants/every"
use() {
  rm -f "$WORK/src/"*.iac
  cp "$WORK/variants/$1" "$WORK/src/$([ "$1" = renamed ] && echo other || echo main).iac"
}

printf '%-8s %10s %10s %s\n' change "median s" "peak MiB" "plan"
for change in nothing renamed one every; do
  times=()
  peak=0
  for _ in $(seq "$RUNS"); do
    rm -rf "$OUT"
    use nothing
    "$BIN/iacc" build "$WORK/src" --out "$OUT" >/dev/null
    use "$change"
    sync
    start=$(date +%s%N)
    kib=$(/usr/bin/time -f %M "$BIN/iacc" build "$WORK/src" --out "$OUT" 2>&1 >"$WORK/$change.plan" | tail -1)
    times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
    ((kib > peak)) && peak=$kib
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%-8s %10.2f %10.1f %s\n' "$change" "$(echo "$median / 1000" | bc -l)" "$(echo "$peak / 1024" | bc -l)" \
    "$(grep '^Plan:' "$WORK/$change.plan")"
done
rm -rf "$OUT"
