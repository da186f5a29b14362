#!/usr/bin/env bash
# Editor latency (see Benchmarks/README.md, "Editors"), on the 5,000-line generated program:
#   1. `iacc lsp`: didChange -> publishDiagnostics (Benchmarks/lsp.py, RUNS edits after 3 warm-ups);
#   2. `iacc check --format json FILE` as a whole process (hyperfine), what an editor without LSP
#      runs on save; and `iacc fmt --check FILE` for comparison.
# Uses the same release build as run.sh (SCRATCH, STATIC).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-30}
SCRATCH=${SCRATCH:-.build-bench}
STATIC=${STATIC:-1}
OUT="$SCRATCH/bench/editors"
mkdir -p "$OUT"
command -v hyperfine >/dev/null || ./scripts/install-deps.sh hyperfine

build_flags=(-c release --scratch-path "$SCRATCH")
if [ "$STATIC" = 1 ]; then build_flags+=(--static-swift-stdlib); fi
echo "== building release into $SCRATCH (${build_flags[*]})"
for product in iacc iacc-bench; do
  swift build "${build_flags[@]}" --product "$product" 2>&1 | grep -E "error|Compiling|Build" || true
done
BIN="$(swift build "${build_flags[@]}" --show-bin-path)"
"$BIN/iacc-bench" generate --lines 5000 >"$OUT/program-5000.iac"

python3 Benchmarks/lsp.py "$BIN/iacc" "$OUT/program-5000.iac" "$RUNS"
hyperfine --shell=none --warmup 3 --runs "$RUNS" --style basic -i --export-json "$OUT/on-save.json" \
  "$BIN/iacc check --format json $OUT/program-5000.iac" "$BIN/iacc fmt --check $OUT/program-5000.iac" >/dev/null
python3 -c "import json,sys; [print('%s: median %.1f ms' % (r['command'].split('/iacc ')[1], r['median'] * 1000)) for r in json.load(open(sys.argv[1]))['results']]" "$OUT/on-save.json"
