#!/usr/bin/env bash
# Builds every libFuzzer target with clang (ASan + UBSan) into ./build-fuzz and runs each for N
# seconds (default 60):
#   condition  fuzz_condition_parser — crashes + the print/parse round trip
#   output     fuzz_output_format    — Falco output strings
#   lint       fuzz_lint             — rules-file reader, whole lint pipeline, every reporter, --fix/--diff
#   alerts     fuzz_alert_log        — alert-log reader, every reading level and chunk size agreeing
#   shapes     fuzz_value_shape      — gen's value shaping and its quick same-shape test
# Usage: scripts/fuzz.sh [--large] [SECONDS] [TARGET ...]   (default: every target)
#   --large  inputs up to 1 MB (-max_len=1048576) instead of the small inputs that run fast
# Seeds: fuzz/seeds/<target>/ (committed), plus, when ../shared (or $RULEKIT_SHARED_DIR) has the
# rules corpus, every condition/output string and rules file in it. The growing corpora and any
# crash inputs stay under build-fuzz/. Exit status 1 when a target found something.
set -euo pipefail
cd "$(dirname "$0")/.."

# One line per fuzz target: name, executable, max_len of the fast runs, extra seed directories
# (used when they exist). Every fuzz target CMake declares must have a line.
targets_table=(
  "condition fuzz_condition_parser 4096 build-fuzz/seeds/condition"
  "output fuzz_output_format 4096 build-fuzz/seeds/output"
  "lint fuzz_lint 8192 corpus:rules rules-examples"
  "alerts fuzz_alert_log 8192 tests/fixtures/alerts corpus:alerts"
  "shapes fuzz_value_shape 512"
)
large_max_len=1048576

large=0
if [[ ${1:-} == --large ]]; then large=1; shift; fi
seconds="${1:-60}"
shift || true
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for line in "${targets_table[@]}"; do targets+=("${line%% *}"); done
fi
jobs="${FUZZ_BUILD_JOBS:-2}"
dir=build-fuzz
shared="${RULEKIT_SHARED_DIR:-../shared}"

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
if [[ ! -f $dir/CMakeCache.txt ]]; then
  CXX=clang++ cmake -S . -B "$dir" "${generator[@]}" -DRULEKIT_BUILD_FUZZ=ON -DRULEKIT_BUILD_TESTS=OFF \
    -DRULEKIT_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$dir" -j "$jobs" --target fuzz_all

# A fuzz target without a line above would be built but never run: refuse.
while read -r built; do
  [[ -z $built ]] && continue
  found=0
  for line in "${targets_table[@]}"; do
    read -r _ executable _ <<<"$line"
    [[ $executable == "$built" ]] && found=1
  done
  if [[ $found == 0 ]]; then
    echo "scripts/fuzz.sh: fuzz target $built has no line in targets_table" >&2
    exit 2
  fi
done <"$dir/fuzz_targets.txt"

have_shared=0
if [[ -d $shared/corpus/rules ]]; then
  have_shared=1
  "$dir/fuzz_make_seeds" "$dir/seeds/condition" "$dir/seeds/output"
else
  echo "scripts/fuzz.sh: no rules corpus in $shared; seeding from fuzz/seeds and rules-examples only"
fi

status=0
for name in "${targets[@]}"; do
  entry=""
  for line in "${targets_table[@]}"; do
    [[ ${line%% *} == "$name" ]] && entry=$line
  done
  if [[ -z $entry ]]; then
    echo "unknown fuzz target '$name' (one of: ${targets_table[*]%% *})" >&2
    exit 2
  fi
  read -r _ executable max_len extra <<<"$entry"
  seeds=()
  [[ -d fuzz/seeds/$name ]] && seeds+=("fuzz/seeds/$name")
  for s in $extra; do
    if [[ $s == corpus:* ]]; then
      [[ $have_shared == 1 ]] && seeds+=("$shared/corpus/${s#corpus:}")
    elif [[ -d $s ]]; then
      seeds+=("$s")
    fi
  done
  timeout=20 run=$name
  if [[ $large == 1 ]]; then
    # Large inputs are slow under the sanitizers: a longer per-input timeout, and the corpus of
    # the fast runs as a start.
    max_len=$large_max_len timeout=120 run=$name-large
    [[ -d $dir/corpus/$name ]] && seeds+=("$dir/corpus/$name")
  fi
  mkdir -p "$dir/corpus/$run" "$dir/artifacts/$run"
  log=$dir/fuzz-$run.log
  echo "== $executable for ${seconds}s (max_len $max_len)"
  if ! "$dir/$executable" -max_len="$max_len" -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=4096 \
      -print_final_stats=1 -artifact_prefix="$dir/artifacts/$run/" "$dir/corpus/$run" "${seeds[@]}" \
      >"$log" 2>&1; then
    status=1
    echo "$executable found a problem; see $log and $dir/artifacts/$run/"
    tail -n 30 "$log"
  fi
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added)' "$log" || true
done
exit $status
