#!/usr/bin/env bash
# Release-mode benchmark of `iacc check` (see Benchmarks/README.md). `make bench` runs it.
#
#   1. builds iacc and iacc-bench in release mode into .build-bench (static Swift stdlib);
#   2. in-process: `iacc-bench check --lines N` times Frontend.check on a generated program of
#      N lines (median/min/max of RUNS runs, peak RSS), for each N in SIZES;
#   3. whole process: hyperfine times `iacc check FILE` on the same programs, and /usr/bin/time
#      (or a python3 getrusage wrapper) reads its peak RSS;
#   4. prints one summary table and the goals at 5,000 lines.
#
# Environment: RUNS (default 30), SIZES (default "1000 5000 20000"), SCRATCH (default .build-bench),
# STATIC=0 to build without --static-swift-stdlib. Generated programs and hyperfine's JSON go to
# $SCRATCH/bench/.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-30}
SIZES=${SIZES:-"1000 5000 20000"}
SCRATCH=${SCRATCH:-.build-bench}
STATIC=${STATIC:-1}
GOAL_LINES=5000
GOAL_IN_PROCESS_MS=20
GOAL_PROCESS_MS=40
OUT="$SCRATCH/bench"
mkdir -p "$OUT"

# --- tools -----------------------------------------------------------------------------------------
# hyperfine and GNU time are optional: installed with apt-get when run as root (as make deps does),
# otherwise the whole-process figures are skipped with a message.
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
if [ ${#missing[@]} -gt 0 ]; then
  ./scripts/install-deps.sh "${missing[@]}" || echo "note: without ${missing[*]} some whole-process figures are skipped" >&2
fi

# --- build -----------------------------------------------------------------------------------------
build_flags=(-c release --scratch-path "$SCRATCH")
if [ "$STATIC" = 1 ]; then build_flags+=(--static-swift-stdlib); fi
echo "== building release into $SCRATCH (${build_flags[*]})"
# Others may be editing Sources/ while this runs: a build that saw a file change under it is retried.
build() {
  local product=$1 log="$OUT/build-$1.log" attempt
  for attempt in 1 2 3; do
    if swift build "${build_flags[@]}" --product "$product" >"$log" 2>&1; then
      tail -n 1 "$log" | sed 's/^/   /'
      return 0
    fi
    grep -q "modified during the build" "$log" || break
    sleep 2
  done
  return 1
}
for product in iacc iacc-bench; do
  if ! build "$product"; then
    log="$OUT/build-$product.log"
    # Only a link failure is the static stdlib's fault; a compile error is reported as it is.
    if [ "$STATIC" = 1 ] && ! grep -q "modified during the build" "$log" && ! grep -qE '\.swift:[0-9]+:[0-9]+: error' "$log"; then
      echo "note: linking $product with --static-swift-stdlib failed (see $log); building without it" >&2
      STATIC=0
      build_flags=(-c release --scratch-path "$SCRATCH")
      build iacc && build iacc-bench && break
    fi
    cat "$log" >&2
    exit 1
  fi
done
BIN=$(swift build "${build_flags[@]}" --show-bin-path)
IACC="$BIN/iacc"
BENCH="$BIN/iacc-bench"

# --- peak RSS of one process, in KiB ------------------------------------------------------------------
peak_rss_kib() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f %M -o "$OUT/time.txt" "$@" >/dev/null 2>&1 || true
    tail -n 1 "$OUT/time.txt"
  elif command -v python3 >/dev/null; then
    python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
PY
  else
    echo ""
  fi
}

# The median of numbers on stdin.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

ms() { awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else printf "%.2f", v }'; }
mib() { awk -v v="$1" 'BEGIN { if (v == "") print "n/a"; else printf "%.1f", v / 1024 }'; }

# --- in-process ----------------------------------------------------------------------------------
declare -A IN_MEDIAN IN_MIN IN_MAX IN_PARSE IN_CHECKER IN_RSS LINES BYTES RESOURCES
for n in $SIZES; do
  echo "== in-process: iacc-bench check --lines $n --runs $RUNS"
  tsv=$("$BENCH" check --lines "$n" --runs "$RUNS" --tsv)
  read -r lines bytes resources _ med min max parse checker rss <<<"$tsv"
  echo "   $lines lines, $resources resources: median $med ms (min $min, max $max; parse $parse, checker $checker), peak RSS $rss KiB"
  LINES[$n]=$lines BYTES[$n]=$bytes RESOURCES[$n]=$resources
  IN_MEDIAN[$n]=$med IN_MIN[$n]=$min IN_MAX[$n]=$max IN_PARSE[$n]=$parse IN_CHECKER[$n]=$checker IN_RSS[$n]=$rss
done

# --- whole process -------------------------------------------------------------------------------
declare -A P_MEDIAN P_MIN P_RSS
for n in $SIZES; do
  file="$OUT/program-$n.iac"
  "$BENCH" generate --lines "$n" >"$file"
  # The process must succeed: a failing check would time the error path.
  if ! "$IACC" check "$file"; then
    echo "error: iacc check $file failed; the generated program must check cleanly" >&2
    exit 1
  fi
  if command -v hyperfine >/dev/null; then
    echo "== whole process: hyperfine iacc check $file"
    hyperfine --shell=none --warmup 3 --runs "$RUNS" --style basic --export-json "$OUT/hyperfine-$n.json" \
      "$IACC check $file" | sed 's/^/   /'
    P_MEDIAN[$n]=$(grep -E '"median"' "$OUT/hyperfine-$n.json" | head -n 1 | sed -E 's/.*: *([0-9.eE+-]+).*/\1/' | awk '{ print $1 * 1000 }')
    P_MIN[$n]=$(grep -E '"min"' "$OUT/hyperfine-$n.json" | head -n 1 | sed -E 's/.*: *([0-9.eE+-]+).*/\1/' | awk '{ print $1 * 1000 }')
  fi
  P_RSS[$n]=$(for _ in 1 2 3 4 5; do peak_rss_kib "$IACC" check "$file"; done | median)
done

# --- summary -------------------------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //' || true)
tree=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git status --porcelain -- Sources Package.swift 2>/dev/null)" ]; then tree="$tree + uncommitted changes"; fi
echo
echo "== summary ($(date -u +%Y-%m-%d), $(nproc) cores${cpu:+, $cpu}, $(swift --version 2>/dev/null | head -n 1 | sed 's/ (.*//'), static stdlib: $([ "$STATIC" = 1 ] && echo yes || echo no), tree $tree)"
echo "   medians of $RUNS runs; in-process = Frontend.check (read + parse + check); process = \`iacc check FILE\`"
echo
printf '%8s %7s %9s | %9s %8s %8s %8s %8s %8s %9s | %9s %8s %9s\n' \
  lines KiB resources "in-proc" min max parse checker "ms/kline" "peak MiB" process min "peak MiB"
for n in $SIZES; do
  per=$(awk -v t="${IN_MEDIAN[$n]}" -v l="${LINES[$n]}" 'BEGIN { printf "%.2f", t * 1000 / l }')
  printf '%8s %7s %9s | %9s %8s %8s %8s %8s %8s %9s | %9s %8s %9s\n' \
    "${LINES[$n]}" "$(( ${BYTES[$n]} / 1024 ))" "${RESOURCES[$n]}" \
    "$(ms "${IN_MEDIAN[$n]}")" "$(ms "${IN_MIN[$n]}")" "$(ms "${IN_MAX[$n]}")" \
    "$(ms "${IN_PARSE[$n]}")" "$(ms "${IN_CHECKER[$n]}")" "$per" "$(mib "${IN_RSS[$n]}")" \
    "$(ms "${P_MEDIAN[$n]:-}")" "$(ms "${P_MIN[$n]:-}")" "$(mib "${P_RSS[$n]:-}")"
done

if [[ " $SIZES " == *" $GOAL_LINES "* ]]; then
  echo
  verdict() { awk -v v="$1" -v g="$2" 'BEGIN { if (v == "") print "not measured"; else if (v + 0 < g + 0) print "met"; else printf "MISSED (%.1fx the goal)", v / g }'; }
  echo "goals at $GOAL_LINES lines (${LINES[$GOAL_LINES]} generated):"
  echo "   in-process   $(ms "${IN_MEDIAN[$GOAL_LINES]}") ms   goal < $GOAL_IN_PROCESS_MS ms: $(verdict "${IN_MEDIAN[$GOAL_LINES]}" $GOAL_IN_PROCESS_MS)"
  echo "   process      $(ms "${P_MEDIAN[$GOAL_LINES]:-}") ms   goal < $GOAL_PROCESS_MS ms: $(verdict "${P_MEDIAN[$GOAL_LINES]:-}" $GOAL_PROCESS_MS)"
fi
