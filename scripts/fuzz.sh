#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into ./build-fuzz and runs each for N seconds
# (default 60): fuzz_condition_parser (crashes + print/parse round trip) and fuzz_output_format.
# Seeds come from ../shared/corpus/rules (or $RULEKIT_SHARED_DIR); the growing corpora and any
# crash inputs stay under build-fuzz/. Exit status 1 when a target found something.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
jobs="${FUZZ_BUILD_JOBS:-2}"
dir=build-fuzz

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [[ ! -f $dir/CMakeCache.txt ]]; then
  CXX=clang++ cmake -S . -B "$dir" "${generator[@]}" -DRULEKIT_BUILD_FUZZ=ON -DRULEKIT_BUILD_TESTS=OFF \
    -DRULEKIT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$dir" -j "$jobs" --target fuzz_condition_parser fuzz_output_format fuzz_make_seeds

"$dir/fuzz_make_seeds" "$dir/seeds/condition" "$dir/seeds/output"

status=0
for target in condition_parser output_format; do
  name=${target%%_*}                       # condition | output
  mkdir -p "$dir/corpus/$name" "$dir/artifacts/$name"
  echo "== fuzz_$target for ${seconds}s"
  if ! "$dir/fuzz_$target" -max_len=4096 -max_total_time="$seconds" -print_final_stats=1 \
      -artifact_prefix="$dir/artifacts/$name/" "$dir/corpus/$name" "$dir/seeds/$name" \
      >"$dir/fuzz_$target.log" 2>&1; then
    status=1
    echo "fuzz_$target found a problem; see $dir/fuzz_$target.log and $dir/artifacts/$name/"
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$dir/fuzz_$target.log" || true
done
exit $status
