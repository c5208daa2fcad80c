#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) into ./build-fuzz and runs each for N
# seconds (default 60):
#   condition  fuzz_condition_parser — crashes + the print/parse round trip
#   output     fuzz_output_format    — Falco output strings
#   lint       fuzz_lint             — rules-file reader + whole lint pipeline on arbitrary bytes
#   alerts     fuzz_alert_log        — alert-log reader, every reading level and chunk size agreeing
# Usage: scripts/fuzz.sh [SECONDS] [condition|output|lint|alerts ...]   (default: all four)
# Seeds come from ../shared/corpus/rules (or $RULEKIT_SHARED_DIR); the growing corpora and any
# crash inputs stay under build-fuzz/. Exit status 1 when a target found something.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(condition output lint alerts)
jobs="${FUZZ_BUILD_JOBS:-2}"
dir=build-fuzz
shared="${RULEKIT_SHARED_DIR:-../shared}"

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [[ ! -f $dir/CMakeCache.txt ]]; then
  CXX=clang++ cmake -S . -B "$dir" "${generator[@]}" -DRULEKIT_BUILD_FUZZ=ON -DRULEKIT_BUILD_TESTS=OFF \
    -DRULEKIT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$dir" -j "$jobs" --target fuzz_condition_parser fuzz_output_format fuzz_lint fuzz_alert_log fuzz_make_seeds

"$dir/fuzz_make_seeds" "$dir/seeds/condition" "$dir/seeds/output"
# Whole rules files seed the lint target (libFuzzer reads seed directories recursively).
mkdir -p "$dir/seeds/lint"
if [[ -d $shared/corpus/rules ]]; then lint_seeds=("$shared/corpus/rules"); else lint_seeds=(rules-examples); fi
alert_seeds=(tests/fixtures/alerts)
if [[ -d $shared/corpus/alerts ]]; then alert_seeds+=("$shared/corpus/alerts"); fi

status=0
for name in "${targets[@]}"; do
  case $name in
    condition) target=condition_parser; seeds=("$dir/seeds/condition"); max_len=4096 ;;
    output) target=output_format; seeds=("$dir/seeds/output"); max_len=4096 ;;
    lint) target=lint; seeds=("$dir/seeds/lint" "${lint_seeds[@]}" rules-examples); max_len=8192 ;;
    alerts) target=alert_log; seeds=("${alert_seeds[@]}"); max_len=8192 ;;
    *) echo "unknown fuzz target '$name' (condition, output, lint, alerts)" >&2; exit 2 ;;
  esac
  mkdir -p "$dir/corpus/$name" "$dir/artifacts/$name"
  echo "== fuzz_$target for ${seconds}s"
  if ! "$dir/fuzz_$target" -max_len="$max_len" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/$name/" "$dir/corpus/$name" "${seeds[@]}" \
      >"$dir/fuzz_$target.log" 2>&1; then
    status=1
    echo "fuzz_$target found a problem; see $dir/fuzz_$target.log and $dir/artifacts/$name/"
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$dir/fuzz_$target.log" || true
done
exit $status
