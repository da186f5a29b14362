#!/usr/bin/env bash
# Release-mode benchmark of Swift manifest evaluation (see Benchmarks/README.md, "Swift manifests").
#
#   1. builds iacc in release mode into $SCRATCH (the same build as run.sh);
#   2. writes a 100-line manifest (12 services in a stack, a host, an environment) and the .iac
#      program that says the same thing;
#   3. hyperfine times `iacc check` on the manifest cold (an empty cache every run: compile + run),
#      warm (the cached executable) and, for scale, on the .iac twin; and the bare swiftc command
#      iacc runs for a cold evaluation, the floor that cold is compared with.
#
# Environment: RUNS (default 20 warm, 5 cold), SCRATCH (default .build-bench), STATIC (default 1).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
COLD_RUNS=${COLD_RUNS:-5}
SCRATCH=${SCRATCH:-.build-bench}
STATIC=${STATIC:-1}
GOAL_WARM_MS=50
OUT="$SCRATCH/bench/manifest"
mkdir -p "$OUT/swift" "$OUT/iac"

command -v hyperfine >/dev/null || ./scripts/install-deps.sh hyperfine

build_flags=(-c release --scratch-path "$SCRATCH")
if [ "$STATIC" = 1 ]; then build_flags+=(--static-swift-stdlib); fi
echo "== building release into $SCRATCH (${build_flags[*]})"
swift build "${build_flags[@]}" --product iacc 2>&1 | grep -v "unhandled\|README.md" || true
# Manifests compile against the IaC module beside iacc, which iacc itself does not depend on.
swift build "${build_flags[@]}" --target IaC 2>&1 | grep -v "unhandled\|README.md" || true
IACC="$(swift build "${build_flags[@]}" --show-bin-path)/iacc"

# --- the programs ------------------------------------------------------------------------------------
{
  echo "import IaC"
  echo
  for i in $(seq 1 12); do
    echo "let service$i = Service("
    echo "  \"service-$i\", image: \"nginx:1.27.$i\","
    echo "  env: [\"INDEX\": \"$i\"],"
    echo "  ports: [$((8000 + i))],"
    echo "  health: .http(\"/\", port: $((8000 + i))),"
    echo "  resources: Resources(limits: Amounts(cpu: CPU.millicores(250), memory: ByteSize.mebibytes(256))))"
    echo
  done
  echo "let docker01 = Host(\"docker01\", address: \"10.0.0.5\", groups: [\"linux\"])"
  echo
  echo "let infrastructure = Infrastructure {"
  for i in $(seq 1 12); do echo "  service$i"; done
  echo "  Stack(\"apps\", services: [$(seq -s ', ' -f 'service%g' 1 12)])"
  echo "  docker01"
  echo "  Environment(\"dev\", stacks: [\"apps\": .compose(docker01)])"
  echo "}"
} >"$OUT/swift/apps.iac.swift"
{
  for i in $(seq 1 12); do
    echo "service service-$i {"
    echo "  image = \"nginx:1.27.$i\""
    echo "  ports = [$((8000 + i))]"
    echo "  env = { INDEX: \"$i\" }"
    echo "  resources = { limits: { cpu: 250m, memory: 256Mi } }"
    echo "  health = http(\"/\", $((8000 + i)))"
    echo "}"
  done
  echo "host docker01 { address = \"10.0.0.5\"  groups = [\"linux\"] }"
  echo "stack apps { services = [$(seq -s ', ' -f 'service-%g' 1 12)] }"
  echo "environment dev { stacks = { apps: compose(docker01) } }"
} >"$OUT/iac/apps.iac"
echo "== manifest: $(wc -l <"$OUT/swift/apps.iac.swift") lines; .iac twin: $(wc -l <"$OUT/iac/apps.iac") lines"

# Both must check cleanly before they are timed.
IACC_CACHE_DIR="$OUT/cache" "$IACC" check "$OUT/swift"
"$IACC" check "$OUT/iac"

hyperfine --style basic --export-json "$OUT/cold.json" --runs "$COLD_RUNS" \
  --prepare "rm -rf $OUT/cold-cache" "IACC_CACHE_DIR=$OUT/cold-cache $IACC check $OUT/swift"
hyperfine --style basic --export-json "$OUT/warm.json" --warmup 2 --runs "$RUNS" \
  "IACC_CACHE_DIR=$OUT/cache $IACC check $OUT/swift" "$IACC check $OUT/iac"

# The floor for a cold evaluation: the one swiftc invocation iacc makes, by itself.
BIN="$(dirname "$IACC")"
solo=(swiftc "$OUT/swift/apps.iac.swift" -I "$BIN/Modules" -Xcc "-fmodule-map-file=$PWD/Sources/CJansson/module.modulemap"
  "$BIN"/IaC.build/*.o "$BIN"/IaCWire.build/*.o "$BIN"/IaCJSON.build/*.o -ljansson -o "$OUT/solo")
hyperfine --style basic --export-json "$OUT/swiftc.json" --runs "$COLD_RUNS" "${solo[*]}"

median_ms() { python3 -c "import json,sys; print('%.1f' % (json.load(open(sys.argv[1]))['results'][int(sys.argv[2])]['median']*1000))" "$@"; }
cold=$(median_ms "$OUT/cold.json" 0)
warm=$(median_ms "$OUT/warm.json" 0)
iac=$(median_ms "$OUT/warm.json" 1)
swiftc=$(median_ms "$OUT/swiftc.json" 0)
echo
echo "| 100-line program, iacc check (release, whole process) | median |"
echo "|---|---|"
echo "| manifest, cold (compile + run) | $cold ms |"
echo "| swiftc alone, the same compile | $swiftc ms |"
echo "| manifest, warm (cached executable) | $warm ms |"
echo "| the same program in .iac | $iac ms |"
echo
echo "goal: warm manifest under $GOAL_WARM_MS ms -> $(python3 -c "print('met' if $warm < $GOAL_WARM_MS else 'missed')")"
